"""The build: what is published, what never is, atomic releases, and what every page shows."""
import datetime as dt
import json
import os
import re

import pytest

from conftest import BUILD_AT, CONTENT, tree_digest, write_article
from core.content import load_content
from core.problems import ContentError, Problems
from helpcenter import pipeline
from helpcenter.pipeline import BuildError, build
from helpcenter.progress import Progress

UNPUBLISHED_AT_BUILD = {
    "handling-circumvention-reports": "internal",
    "escalating-a-payment-dispute": "internal",
    "summer-fee-promotion-2026": "expired",
    "new-contract-end-flow-2027": "not yet valid",
}


def quiet():
    return Progress(7, quiet=True)





def test_the_real_content_has_each_kind_of_unpublished_article():
    problems = Problems()
    by_id = load_content(CONTENT, problems).by_id()
    assert {i: ("internal" if not by_id[i].is_public else "window") for i in UNPUBLISHED_AT_BUILD} == {
        "handling-circumvention-reports": "internal",
        "escalating-a-payment-dispute": "internal",
        "summer-fee-promotion-2026": "window",
        "new-contract-end-flow-2027": "window",
    }
    assert not any(by_id[i].is_published(BUILD_AT) for i in UNPUBLISHED_AT_BUILD)


@pytest.mark.parametrize("article_id", sorted(UNPUBLISHED_AT_BUILD))
def test_unpublished_articles_are_absent_from_every_output_file(built_out, article_id):
    release = (built_out / "current").resolve()
    title = load_content(CONTENT, Problems()).by_id()[article_id].title
    hits = []
    for path in release.rglob("*"):
        if article_id in str(path.relative_to(release)):
            hits.append(str(path))
        if path.is_file():
            data = path.read_bytes()
            if article_id.encode() in data or title.encode() in data:
                hits.append(str(path.relative_to(release)))
    assert hits == []


def test_the_index_holds_exactly_the_published_articles(built_out):
    import search

    published = {a.id for a in load_content(CONTENT, Problems()).published(BUILD_AT)}
    assert search.indexed_article_ids(built_out / "current" / "index") == published
    assert not published & set(UNPUBLISHED_AT_BUILD)


def test_sitemap_and_client_search_index_list_only_published_pages(built_out):
    site = built_out / "site"
    sitemap = (site / "sitemap.xml").read_text()
    assert "/end-a-contract/" in sitemap
    client_index = (site / "search" / "search_index.json").read_text()
    assert "end-a-contract" in client_index
    for article_id in UNPUBLISHED_AT_BUILD:
        assert article_id not in sitemap and article_id not in client_index


def test_every_page_shows_who_it_applies_to_and_h2_permalinks(built_out):
    html = (built_out / "site" / "end-a-contract" / "index.html").read_text()
    assert '<span class="hc-badge hc-badge--freelancer">Freelancer</span>' in html
    assert '<span class="hc-badge hc-badge--agency">Agency</span>' in html
    assert "Countries: all countries" in html and "Account types: all account types" in html
    for anchor in ("end-any-time", "hourly-contracts", "fixed-price-contracts", "circumvention", "how-to-end"):
        assert f'id="{anchor}"' in html
    # A screen reader reads each heading as its words (not "Hourly contracts ¶") and its link by its section.
    assert ('<h2 aria-labelledby="hc-h-hourly-contracts" id="hourly-contracts"><span id="hc-h-hourly-contracts">'
            'Hourly contracts</span><a aria-label="Link to this section: Hourly contracts" class="headerlink" '
            'href="#hourly-contracts" title="Link to this section">&para;</a></h2>') in html
    assert '<h1 id="end-a-contract">End a contract</h1>' in html  # no link to the top of its own page
    assert not re.search(r'<h[2-6] id="[^"]*">[^<]*<a class="headerlink"', html)
    # Material's own search index (the search box's fallback) still has each section's text.
    index = json.loads((built_out / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    hourly = next(d for d in index["docs"] if d["location"] == "end-a-contract/#hourly-contracts")
    assert (hourly["title"], "work diary" in hourly["text"]) == ("Hourly contracts", True)
    us_only = (built_out / "site" / "us-tax-information" / "index.html").read_text()
    assert "Countries: US" in us_only


def test_material_is_configured_with_navigation_prune(built_out):
    html = (built_out / "site" / "end-a-contract" / "index.html").read_text()
    assert '"navigation.prune"' in html


@pytest.fixture
def small_tree(content_tree):
    write_article(content_tree, "a.md", "id: a\ntitle: Alpha\nsummary: S.\naudience: [client]\ncategory: contracts\n")
    write_article(
        content_tree,
        "b.md",
        "id: b\ntitle: Bravo expires\nsummary: S.\naudience: [client]\ncategory: payments\n"
        "valid_until: 2027-01-01T00:00:00Z\n",
    )
    return content_tree


def test_window_edge_is_exact(small_tree):
    edge = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
    content = load_content(small_tree, Problems())
    assert [a.id for a in content.published(edge - dt.timedelta(microseconds=1))] == ["a", "b"]
    assert [a.id for a in content.published(edge)] == ["a"]


def test_build_at_a_moment_publishes_what_is_valid_then(small_tree, tmp_path):
    out = tmp_path / "out"
    edge = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
    before = build(small_tree, out, at=edge - dt.timedelta(microseconds=1), progress=quiet())
    assert before.published == ["a", "b"]
    assert (out / "site" / "b" / "index.html").exists()
    after = build(small_tree, out, at=edge, progress=quiet())
    assert after.published == ["a"]
    assert not (out / "site" / "b").exists()
    assert (out / "current").resolve() == after.release


def test_an_image_is_copied_beside_the_pages_that_show_it(small_tree, tmp_path):
    (small_tree / "images" / "steps").mkdir(parents=True)
    (small_tree / "images" / "steps" / "end.png").write_bytes(b"\x89PNG\r\n")
    (small_tree / "images" / "unused.png").write_bytes(b"\x89PNG\r\n")
    write_article(small_tree, "c.md", "id: c\ntitle: Charlie\nsummary: S.\naudience: [client]\ncategory: contracts\n",
                  body="Intro.\n\n![The End contract button](/images/steps/end.png)\n")
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert (out / "site" / "images" / "steps" / "end.png").read_bytes() == b"\x89PNG\r\n"
    assert not (out / "site" / "images" / "unused.png").exists()  # only what a published page shows
    page = (out / "site" / "c" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="The End contract button" src="../images/steps/end.png" />' in page


def test_images_in_html_by_reference_or_linked_to_are_copied_too(small_tree, tmp_path):
    (small_tree / "images").mkdir()
    for name in ("a.png", "b.png", "c.png"):
        (small_tree / "images" / name).write_bytes(b"\x89PNG")
    write_article(small_tree, "c.md", "id: c\ntitle: Charlie\nsummary: S.\naudience: [client]\ncategory: contracts\n",
                  body='Intro.\n\n<img alt="A" src="/images/a.png"> ![B][b] and [C, full size](/images/c.png).\n\n'
                       "[b]: /images/b.png\n")
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert sorted(p.name for p in (out / "site" / "images").iterdir()) == ["a.png", "b.png", "c.png"]
    page = (out / "site" / "c" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="A" src="../images/a.png">' in page and 'src="../images/b.png"' in page
    assert 'href="../images/c.png"' in page


def test_a_reference_link_to_an_article_file_points_at_its_page(small_tree, tmp_path):
    (small_tree / "articles" / "more").mkdir()
    write_article(small_tree, "more/d.md", "id: d\ntitle: Delta\nsummary: S.\naudience: [client]\ncategory: contracts\n",
                  body="Intro, see [Alpha][alpha] and [Bravo][].\n\n[alpha]: ../a.md\n[Bravo]: /b/ \"Bravo\"\n")
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    page = (out / "site" / "d" / "index.html").read_text(encoding="utf-8")
    assert 'see <a href="../a/">Alpha</a> and <a href="/b/" title="Bravo">Bravo</a>.' in page


def test_a_failed_validation_leaves_the_previous_output_byte_identical(small_tree, tmp_path):
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    before = tree_digest(out)
    write_article(small_tree, "a.md", "id: a\ntitle: Alpha\nsummary: S.\naudience: [frelancer]\ncategory: contracts\n")
    with pytest.raises(ContentError) as failure:
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert [str(p).split("articles/")[1] for p in failure.value.problems.items] == [
        "a.md:5: audience: expected one of freelancer, agency, client, got 'frelancer' (did you mean 'freelancer'?)"
    ]
    assert tree_digest(out) == before


def broken_index(*args, progress, **kwargs):
    """A search index step that fails half-way (module level: the build runs it in another process)."""
    progress("indexed 1 of 2 articles")
    raise OSError("disk full")


def test_a_failure_while_indexing_leaves_the_previous_output_byte_identical(small_tree, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    before = tree_digest(out)
    monkeypatch.setattr(pipeline.search, "build_indexes", broken_index)
    with pytest.raises(OSError, match="disk full") as failure:
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert "in the background process running test_build.broken_index" in failure.value.__notes__[0]
    assert tree_digest(out) == before
    assert [p.name for p in (out / "releases").iterdir() if p.name.startswith(".staging")] == []


def test_a_failure_while_rendering_stops_the_index_process_and_changes_nothing(small_tree, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    before = tree_digest(out)
    started = []
    real = pipeline.Background

    def watched(*args, **kwargs):
        started.append(real(*args, **kwargs))
        return started[-1]

    def refuse(*args, **kwargs):
        raise OSError("no space left while rendering")

    monkeypatch.setattr(pipeline, "Background", watched)
    monkeypatch.setattr(pipeline, "render_site", refuse)
    with pytest.raises(OSError, match="no space left while rendering"):
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert len(started) == 1 and started[0]._process.poll() is not None
    assert tree_digest(out) == before
    assert [p.name for p in (out / "releases").iterdir() if p.name.startswith(".staging")] == []


def test_mkdocs_refusal_is_a_build_error_and_changes_nothing(small_tree, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    before = tree_digest(out)
    from publish import mkdocs_site

    def refuse(*args, **kwargs):
        raise mkdocs_site.SiteError("MkDocs refused the site: a template error")

    monkeypatch.setattr(pipeline, "render_site", refuse)
    with pytest.raises(BuildError, match="a template error"):
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert tree_digest(out) == before


def test_the_audit_refuses_a_leak(small_tree, tmp_path, monkeypatch):
    """If anything ever wrote an unpublished article into the output, the release is refused."""
    write_article(small_tree, "staff.md", "id: staff-only\ntitle: Staff only page\nsummary: S.\naudience: [client]\n"
                  "category: support\nvisibility: internal\n")
    out = tmp_path / "out"
    real = pipeline.write_docs_tree

    def leaky(content, published, docs_dir, **kwargs):
        tree = real(content, published, docs_dir, **kwargs)
        (docs_dir / "leak.md").write_text("# Leak\n\nSee the Staff only page.\n")
        return tree

    monkeypatch.setattr(pipeline, "write_docs_tree", leaky)
    with pytest.raises(BuildError, match="leak/index.html: mentions unpublished article staff-only"):
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert not (out / "current").exists()
    assert [p.name for p in (out / "releases").iterdir()] == []


def test_old_releases_are_pruned_and_current_is_a_link(small_tree, tmp_path):
    out = tmp_path / "out"
    for _ in range(5):
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    assert len(list((out / "releases").iterdir())) == 3
    assert os.readlink(out / "current").startswith("releases/")
    assert os.readlink(out / "site") == "current/site"


def test_sigterm_during_the_swap_waits_until_the_release_is_current(tmp_path, monkeypatch):
    # A SIGTERM between renaming the staging folder and swapping `current` would leave a release
    # that is neither published nor discarded; it is held back until the swap is complete.
    import signal
    from publish import release as release_module
    from publish.release import Releases

    releases = Releases(tmp_path / "out")
    stage = releases.stage()
    (stage / "site").mkdir()
    real_replace = os.replace

    def replace_after_a_sigterm(src, dst):
        signal.raise_signal(signal.SIGTERM)
        real_replace(src, dst)

    class Stopped(Exception):
        pass

    def stop(signum, frame):
        raise Stopped

    monkeypatch.setattr(release_module.os, "replace", replace_after_a_sigterm)
    before = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(Stopped):
            releases.promote(stage, prune=False)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert releases.current() == releases.root / stage.name.removeprefix(".staging-")
    assert os.readlink(releases.out / "site") == "current/site"


def test_a_stopping_process_finishes_the_promote_under_way_and_starts_no_other(tmp_path, monkeypatch):
    # `serve --watch` publishes from a daemon thread; on stop, `close` waits for a swap under way
    # (the interpreter would freeze the thread wherever it is) and refuses the next one.
    import threading
    import time
    from publish import release as release_module
    from publish.release import Releases

    monkeypatch.setattr(release_module, "_CLOSED", threading.Event())  # this process goes on
    releases = Releases(tmp_path / "out")
    stage = releases.stage()
    swapping, go_on = threading.Event(), threading.Event()
    real_replace = os.replace

    def slow_replace(src, dst):
        swapping.set()
        go_on.wait(10)
        real_replace(src, dst)

    monkeypatch.setattr(release_module.os, "replace", slow_replace)
    publisher = threading.Thread(target=releases.promote, args=(stage,), kwargs={"prune": False})
    publisher.start()
    assert swapping.wait(10)
    closed = []
    closing = threading.Thread(target=lambda: closed.append(release_module.close(timeout=10)))
    closing.start()
    time.sleep(0.2)
    assert closing.is_alive() and closed == []  # waiting for the swap
    go_on.set()
    closing.join(10)
    publisher.join(10)
    assert closed == [True]
    assert releases.current() == releases.root / stage.name.removeprefix(".staging-")
    with pytest.raises(release_module.Closed):
        releases.promote(releases.stage())


class Finishing:
    """Watches a build's finishing process (``publish.finishing``): the files told to it, in order,
    and what it did (``finish_site``'s argument)."""

    def __init__(self, monkeypatch, threshold=0):
        self.told, self.finished, self.sites = [], [], []
        real_background, real_finish_site = pipeline.Background, pipeline.finish_site
        told = self.told

        class Watched(real_background):
            def put(self, item):
                told.append(item)
                super().put(item)

        def finish_site(site_dir, previous, finished):
            self.finished.append(finished)
            self.sites.append(site_dir)  # the staged release's site/
            self.before_last_pass(site_dir)
            return real_finish_site(site_dir, previous, finished)

        monkeypatch.setattr(pipeline, "FINISH_WHILE_RENDERING", threshold)
        monkeypatch.setattr(pipeline, "Background", Watched)
        monkeypatch.setattr(pipeline, "finish_site", finish_site)

    def before_last_pass(self, site_dir):
        pass


def test_a_large_site_is_gzipped_while_it_renders_with_the_same_result(small_tree, tmp_path, monkeypatch):
    """From FINISH_WHILE_RENDERING pages on, each page is gzipped by a second process as soon as
    MkDocs has written it: the same files, bytes and figures as one pass after the render."""
    import gzip
    import io

    said = {"one": io.StringIO(), "two": io.StringIO()}
    one = build(small_tree, tmp_path / "one", at=BUILD_AT, progress=Progress(7, stream=said["one"]))
    finishing = Finishing(monkeypatch)
    two = build(small_tree, tmp_path / "two", at=BUILD_AT, progress=Progress(7, stream=said["two"]))
    site_one, site_two = (r.release / "site" for r in (one, two))
    [finished] = finishing.finished
    told = [os.path.relpath(p, finishing.sites[0]) for p in finishing.told]
    pages = sorted(p.relative_to(site_two).as_posix() for p in site_two.rglob("index.html"))
    assert {"a/index.html", "b/index.html", "index.html"} <= set(pages) <= set(told)
    assert {"404.html", "sitemap.xml", "search/search_index.json", "assets/hc/helpcenter.css"} <= set(told)
    assert len(told) == len(set(told))  # each file once
    assert sorted(finished.gzipped) == sorted(told)
    assert finished.checked == {}  # nothing unpublished: nothing to look for
    twins = sorted(p.relative_to(site_one).as_posix() for p in site_one.rglob("*.gz"))
    assert twins and twins == sorted(p.relative_to(site_two).as_posix() for p in site_two.rglob("*.gz"))
    for twin in twins:
        assert (site_two / twin).read_bytes() == (site_one / twin).read_bytes()
        assert gzip.decompress((site_two / twin).read_bytes()) == (site_two / twin).with_suffix("").read_bytes()
    figures = {k: [line.strip() for line in v.getvalue().splitlines() if "files gzipped" in line] for k, v in said.items()}
    assert figures["one"] == figures["two"] and len(figures["one"]) == 1
    assert figures["one"][0].startswith(f"{len(twins)} files gzipped (0 reused from the previous release)")


def test_a_leak_in_the_last_page_written_is_caught_when_pages_are_audited_while_rendering(small_tree, tmp_path,
                                                                                          monkeypatch):
    """The page MkDocs writes last is told to the finishing process only once the render is over:
    it is audited (and gzipped) all the same, and the release refused."""
    write_article(small_tree, "staff.md", "id: staff-only\ntitle: Staff only page\nsummary: S.\naudience: [client]\n"
                  "category: support\nvisibility: internal\n")
    out = tmp_path / "out"
    build(small_tree, out, at=BUILD_AT, progress=quiet())
    before = tree_digest(out)
    real = pipeline.write_docs_tree

    def leaky(content, published, docs_dir, **kwargs):
        tree = real(content, published, docs_dir, **kwargs)
        (docs_dir / "zz-leak").mkdir()  # MkDocs builds the folders' pages after the top level's, by name
        (docs_dir / "zz-leak" / "index.md").write_text("# Leak\n\nSee the Staff only page.\n")
        return tree

    monkeypatch.setattr(pipeline, "write_docs_tree", leaky)
    with pytest.raises(BuildError) as after_render:  # the audit of every file after the render
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    finishing = Finishing(monkeypatch)
    with pytest.raises(BuildError) as failure:
        build(small_tree, out, at=BUILD_AT, progress=quiet())
    pages = [p for p in finishing.told if p.endswith("index.html")]
    assert pages[-1].endswith("/site/zz-leak/index.html")  # the last page MkDocs wrote
    [finished] = finishing.finished
    leak = ["site/zz-leak/index.html: mentions unpublished article staff-only ('Staff only page')"]
    assert finished.checked["site/zz-leak/index.html"][1] == leak
    assert finished.checked["site/zz-leak/index.html.gz"][1] == [leak[0].replace(".html:", ".html.gz:")]
    assert str(failure.value) == str(after_render.value)
    assert str(failure.value).splitlines()[1:] == [
        "  site/search/search_index.json.gz: mentions unpublished article staff-only ('Staff only page')",
        "  site/search/search_index.json: mentions unpublished article staff-only ('Staff only page')",
        "  site/zz-leak/index.html.gz: mentions unpublished article staff-only ('Staff only page')",
        "  site/zz-leak/index.html: mentions unpublished article staff-only ('Staff only page')",
    ]
    assert tree_digest(out) == before


def test_a_page_written_again_after_it_was_finished_is_gzipped_and_audited_again(small_tree, tmp_path, monkeypatch):
    """What the finishing process did only counts for a file still as it read it: a page changed
    afterwards gets a new twin, and the audit reads it."""
    import gzip

    write_article(small_tree, "staff.md", "id: staff-only\ntitle: Staff only page\nsummary: S.\naudience: [client]\n"
                  "category: support\nvisibility: internal\n")
    finishing = Finishing(monkeypatch)
    added = []

    def rewrite(site_dir):
        page = site_dir / "a" / "index.html"
        page.write_text(page.read_text() + added[-1])

    finishing.before_last_pass = rewrite
    added.append("<p>Changed after it was gzipped.</p>\n" * 50)
    result = build(small_tree, tmp_path / "out", at=BUILD_AT, progress=quiet())
    page = result.release / "site" / "a" / "index.html"
    assert page.read_text().endswith(added[-1])
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes()
    assert finishing.finished[0].checked["site/a/index.html"][1] == []

    added.append("<p>Staff only page</p>")
    with pytest.raises(BuildError) as failure:
        build(small_tree, tmp_path / "out", at=BUILD_AT, progress=quiet())
    assert finishing.finished[1].checked["site/a/index.html"][1] == []  # as the finishing process read it
    assert str(failure.value).splitlines()[1:] == [
        "  site/a/index.html.gz: mentions unpublished article staff-only ('Staff only page')",
        "  site/a/index.html: mentions unpublished article staff-only ('Staff only page')",
    ]


def test_a_build_does_not_import_the_query_side_of_search():
    """search's query side (the searcher, numpy) is imported when first used: not by the build
    command, nor by the process that builds the index; it is there for whoever asks for it."""
    import subprocess
    import sys

    code = ("import sys, helpcenter.cli, helpcenter.commands, helpcenter.pipeline, search.index\n"
            "print(sorted(m for m in ('numpy', 'search.searcher', 'search.query', 'search.languages') if m in sys.modules))\n"
            "import search\n"
            "print(search.Searcher.__module__, search.Searchers.__module__, search.QueryError.__module__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "search.searcher search.languages search.query"]


def test_the_render_says_how_many_pages_are_done_while_it_runs(small_tree, tmp_path, monkeypatch):
    # 1,500 articles rendered for a minute with nothing printed, then the index's stale progress
    # lines, under a step that said "done in 0.0s".
    import io

    ticker = Progress.ticker
    monkeypatch.setattr(Progress, "ticker", lambda self, what, every=5.0: ticker(self, what, every=0))
    said = io.StringIO()
    build(small_tree, tmp_path / "out", at=BUILD_AT, progress=Progress(7, stream=said))
    lines = said.getvalue().splitlines()
    render = lines.index("[4/7] Rendering the site with MkDocs Material (the search index is built meanwhile) ...")
    index = lines.index("[5/7] Finishing the search index (built alongside the rendering) ...")
    counts = [int(line.split()[0]) for line in lines[render:index] if "pages rendered (" in line]
    assert counts[:3] == [1, 2, 3] and counts == sorted(counts)
    assert lines[render + 1].strip().endswith("article pages in 1 language, with the home and category pages")
    assert lines[index + 1].strip().startswith("search index (full)")  # done meanwhile: its summary, no old news
