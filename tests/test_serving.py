"""What `helpcenter serve` sends for static files, and the public URL the build writes into them."""
from __future__ import annotations

import gzip
import os
import re

import pytest
from starlette.testclient import TestClient

from conftest import BUILD_AT, LiveServer, write_article
from helpcenter import cli, public_url
from helpcenter.pipeline import build
from helpcenter.progress import Progress
from helpcenter.web import create_app
from publish.audit import audit_output
from publish.precompress import precompress

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
IDENTITY = {"Accept-Encoding": "identity"}
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def client(built_out):
    return TestClient(create_app(built_out))


def asset(built_out, pattern):
    site = built_out / "current" / "site"
    found = sorted(site.glob(pattern))
    assert len(found) == 1, found
    return "/" + found[0].relative_to(site).as_posix()


@pytest.mark.parametrize("kind", ["home", "js bundle", "search worker", "css", "palette css", "our js",
                                  "our css", "sitemap", "search index"])
def test_cache_control_and_compression_per_kind_of_file(client, built_out, kind):
    path, policy = {
        "home": ("/", "no-cache"),
        "js bundle": (asset(built_out, "assets/javascripts/bundle.*.min.js"), IMMUTABLE),
        "search worker": (asset(built_out, "assets/javascripts/workers/search.*.min.js"), IMMUTABLE),
        "css": (asset(built_out, "assets/stylesheets/main.*.min.css"), IMMUTABLE),
        "palette css": (asset(built_out, "assets/stylesheets/palette.*.min.css"), IMMUTABLE),
        "our js": ("/assets/hc/notices.js", "no-cache"),
        "our css": ("/assets/hc/helpcenter.css", "no-cache"),
        "sitemap": ("/sitemap.xml", "no-cache"),
        "search index": ("/search/search_index.json", "no-cache"),
    }[kind]
    on_disk = built_out / "current" / "site" / (path.lstrip("/") or "index.html")
    packed = client.get(path, headers=GZIP)
    assert (packed.status_code, packed.headers["content-encoding"], packed.headers["vary"],
            packed.headers["cache-control"]) == (200, "gzip", "Accept-Encoding", policy)
    assert int(packed.headers["content-length"]) == on_disk.with_name(on_disk.name + ".gz").stat().st_size
    assert packed.content == on_disk.read_bytes()  # the client decoded it back to the file
    plain = client.get(path, headers=IDENTITY)
    assert "content-encoding" not in plain.headers
    assert (plain.headers["vary"], plain.headers["cache-control"]) == ("Accept-Encoding", policy)
    assert int(plain.headers["content-length"]) == on_disk.stat().st_size
    assert plain.headers["content-type"].split(";")[0] == packed.headers["content-type"].split(";")[0]


@pytest.mark.parametrize("accept, encoded", [("gzip", True), ("br;q=1.0, gzip;q=0.8", True), ("*", True),
                                             ("br", False), ("gzip;q=0", False), ("gzip;q=0, *", False),
                                             ("", False)])
def test_only_clients_that_accept_gzip_get_it(client, accept, encoded):
    r = client.get("/", headers={"Accept-Encoding": accept})
    assert ("content-encoding" in r.headers) == encoded
    assert r.headers["vary"] == "Accept-Encoding"


def test_each_encoding_has_its_etag_and_revalidates(client):
    packed, plain = client.get("/", headers=GZIP), client.get("/", headers=IDENTITY)
    assert packed.headers["etag"] != plain.headers["etag"]
    again = client.get("/", headers={**GZIP, "If-None-Match": packed.headers["etag"]})
    assert (again.status_code, again.content, again.headers["cache-control"], again.headers["vary"]) == \
        (304, b"", "no-cache", "Accept-Encoding")


def test_not_found_page_is_compressed_and_not_cached_for_long(client):
    r = client.get("/no-such-page/", headers=GZIP)
    assert (r.status_code, r.headers["content-encoding"], r.headers["cache-control"]) == (404, "gzip", "no-cache")


def test_an_address_typed_with_capitals_is_redirected_to_the_lower_case_page(client):
    for asked, target in [("/End-A-Contract/", "/end-a-contract/"), ("/ES/End-A-Contract/?x=1#y", "/es/end-a-contract/?x=1"),
                          ("/Assets/hc/helpcenter.css", "/assets/hc/helpcenter.css")]:
        r = client.get(asked, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (301, target), asked
    assert client.get("/End-A-Contract/").url.path == "/end-a-contract/"
    # No lower-case page either: the not-found page, with no redirect.
    assert client.get("/No-Such-Page/", follow_redirects=False).status_code == 404


def test_api_keeps_its_own_headers_and_is_gzipped(client):
    r = client.get("/api/search", params={"q": "refund"}, headers=GZIP)
    assert r.status_code == 200 and r.json()["results"]
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers.get("cache-control") != "no-cache"
    assert client.get("/api/health", headers=IDENTITY).headers.get("content-encoding") is None


def test_api_answers_sent_plain_say_they_vary_by_encoding_when_they_could_be_gzipped(client):
    accept = IDENTITY
    large = client.get("/api/search", params={"q": "refund"}, headers=accept)
    assert len(large.content) >= 1024 and large.headers.get("content-encoding") is None
    assert large.headers.get_list("vary") == ["Accept-Encoding"]
    small = client.get("/api/health", headers=accept)
    assert len(small.content) < 1024 and "vary" not in small.headers


def test_robots_txt_allows_all_but_the_search_results_and_names_the_sitemaps(client):
    """One sitemap per language's site (content/languages.yml: en, es, fr); no search results page,
    which searches on every request and links to more of them."""
    r = client.get("/robots.txt")
    assert (r.status_code, r.headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert r.text == ("User-agent: *\nAllow: /\nDisallow: /search/\nDisallow: /es/search/\nDisallow: /fr/search/\n\n"
                      "Sitemap: http://127.0.0.1:8000/sitemap.xml\n"
                      "Sitemap: http://127.0.0.1:8000/es/sitemap.xml\nSitemap: http://127.0.0.1:8000/fr/sitemap.xml\n")


def test_favicon_ico_is_an_icon(client, built_out):
    r = client.get("/favicon.ico")
    assert (r.status_code, r.headers["content-type"]) == (200, "image/vnd.microsoft.icon")
    count = int.from_bytes(r.content[4:6], "little")
    assert (r.content[:4], count >= 1) == (b"\0\0\1\0", True)  # an ICO holding PNG images
    first_offset = int.from_bytes(r.content[18:22], "little")
    assert r.content[first_offset:first_offset + 8] == b"\x89PNG\r\n\x1a\n"


# --- The public URL ---------------------------------------------------------------------------


def small_tree(content_tree):
    write_article(content_tree, "a.md", "id: alpha\ntitle: Alpha\nsummary: S.\naudience: [client]\ncategory: payments\n")
    return content_tree


def quiet():
    return Progress(7, quiet=True)


def test_canonical_links_sitemap_and_robots_use_the_configured_url(content_tree, tmp_path, monkeypatch):
    monkeypatch.delenv(public_url.ENV, raising=False)
    result = build(small_tree(content_tree), tmp_path / "out", at=BUILD_AT, progress=quiet(),
                   site_url="https://help.example.com/support")
    site = result.release / "site"
    assert (result.public_url.url, result.public_url.source) == ("https://help.example.com/support/", "--site-url")
    page = (site / "alpha" / "index.html").read_text()
    assert re.findall(r'<link rel="canonical" href="([^"]+)"', page) == ["https://help.example.com/support/alpha/"]
    sitemap = (site / "sitemap.xml").read_text()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert {"https://help.example.com/support/", "https://help.example.com/support/alpha/"} <= set(locations)
    assert [u for u in locations if not u.startswith("https://help.example.com/support/")] == []
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    assert (site / "robots.txt").read_text().endswith("Sitemap: https://help.example.com/support/sitemap.xml\n")


def test_environment_variable_then_mkdocs_yml_then_default(monkeypatch):
    monkeypatch.setattr(public_url, "site_url_of_config", lambda: "https://from-mkdocs.example/")
    env = {public_url.ENV: "https://from-env.example"}
    assert public_url.resolve("https://flag.example/", environ=env) == public_url.PublicUrl("https://flag.example/", "--site-url")
    assert public_url.resolve(None, environ=env) == public_url.PublicUrl("https://from-env.example/", public_url.ENV)
    assert public_url.resolve(None, environ={}) == public_url.PublicUrl("https://from-mkdocs.example/", "mkdocs.yml")
    monkeypatch.setattr(public_url, "site_url_of_config", lambda: None)
    assert public_url.resolve(None, environ={}) == public_url.PublicUrl("http://127.0.0.1:8000/", "default")
    assert public_url.resolve(None, environ={}, default="http://127.0.0.1:8123/").url == "http://127.0.0.1:8123/"


def test_mkdocs_yml_does_not_set_a_local_address_as_the_public_url():
    """A local site_url there would count as configured and silence the production warning."""
    configured = public_url.site_url_of_config()
    assert configured is None or not re.match(r"https?://(127\.|localhost|\[::1\])", configured)


def test_a_production_build_without_a_public_url_warns_once(content_tree, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(public_url.ENV, raising=False)
    tree = small_tree(content_tree)
    assert cli.main(["build", "--content", str(tree), "--out", str(tmp_path / "out")]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "public URL" in line and "warning" in line]
    assert warnings == [
        "warning: no public URL configured, so canonical links, sitemap.xml and robots.txt point at "
        "http://127.0.0.1:8000/; set --site-url or HELPCENTER_PUBLIC_URL (or site_url in mkdocs.yml)"]


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_build_with_a_public_url_does_not_warn(content_tree, tmp_path, monkeypatch, capsys, how):
    monkeypatch.delenv(public_url.ENV, raising=False)
    args = ["build", "--content", str(small_tree(content_tree)), "--out", str(tmp_path / "out")]
    if how == "flag":
        args += ["--site-url", "https://help.example.com/"]
    else:
        monkeypatch.setenv(public_url.ENV, "https://help.example.com/")
    assert cli.main(args) == 0
    assert "no public URL" not in capsys.readouterr().err
    robots = (tmp_path / "out" / "site" / "robots.txt").read_text()
    assert "Sitemap: https://help.example.com/sitemap.xml" in robots


def test_a_bad_public_url_is_refused_with_its_source(content_tree, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(public_url.ENV, "help.example.com")
    assert cli.main(["build", "--content", str(small_tree(content_tree)), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "HELPCENTER_PUBLIC_URL: expected an absolute http(s) URL like https://help.example.com/, got 'help.example.com'")
    assert not (tmp_path / "out" / "current").exists()


# --- Precompression and the audit ---------------------------------------------------------------


def test_precompress_keeps_only_copies_that_pay(tmp_path):
    (tmp_path / "big.html").write_text("<p>hello</p>\n" * 200)
    (tmp_path / "tiny.css").write_text("a{}")
    (tmp_path / "random.js").write_bytes(__import__("random").Random(1).randbytes(4000))  # does not shrink
    (tmp_path / "image.png").write_bytes(b"\x89PNG" + b"\0" * 4000)  # not a text file
    stats = precompress(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.gz")) == ["big.html.gz"]
    assert gzip.decompress((tmp_path / "big.html.gz").read_bytes()) == (tmp_path / "big.html").read_bytes()
    assert (tmp_path / "big.html.gz").stat().st_mtime_ns == (tmp_path / "big.html").stat().st_mtime_ns
    assert (stats.files, stats.original_bytes) == (1, 13 * 200)
    first = (tmp_path / "big.html.gz").read_bytes()
    precompress(tmp_path)
    assert (tmp_path / "big.html.gz").read_bytes() == first  # reproducible


def test_audit_reads_precompressed_copies(tmp_path, content_tree):
    from core.content import load_content
    from core.problems import Problems

    write_article(content_tree, "s.md", "id: secret-plan\ntitle: Secret plan\nsummary: S.\naudience: [client]\n"
                  "category: payments\nvisibility: internal\n")
    secret = load_content(content_tree, Problems()).articles
    release = tmp_path / "release"
    (release / "site").mkdir(parents=True)
    (release / "site" / "page.html.gz").write_bytes(gzip.compress(b"<a href='/secret-plan/'>x</a>"))
    (release / "site" / "broken.js.gz").write_bytes(b"not gzip")
    assert audit_output(release, list(secret)) == [
        "site/broken.js.gz: not a readable gzip file",
        "site/page.html.gz: mentions unpublished article secret-plan ('/secret-plan/')",
    ]



def test_audit_finds_a_title_as_the_templates_escape_it(tmp_path, content_tree):
    from core.content import load_content
    from core.problems import Problems

    write_article(content_tree, "s.md", "id: secret-plan\ntitle: \"The client's secret plan\"\nsummary: S.\n"
                  "audience: [client]\ncategory: payments\nvisibility: internal\n")
    secret = load_content(content_tree, Problems()).articles
    release = tmp_path / "release"
    (release / "site").mkdir(parents=True)
    (release / "site" / "page.html").write_text("<li>The client&#39;s secret plan</li>", encoding="utf-8")
    assert audit_output(release, list(secret)) == [
        "site/page.html: mentions unpublished article secret-plan ('The client&#39;s secret plan')",
    ]

def test_an_unpublished_article_named_like_a_word_of_the_stylesheet_does_not_stop_the_build(tmp_path, content_tree):
    # An internal article "inner" refused every release: helpcenter.css has ".md-header__inner.md-grid",
    # which contains "inner.md", its file's name.
    write_article(content_tree, "a.md", "id: open\ntitle: Open\nsummary: S.\naudience: [client]\ncategory: payments\n")
    write_article(content_tree, "b.md", "id: inner\ntitle: Staff notes\nsummary: S.\naudience: [client]\n"
                  "category: payments\nvisibility: internal\n")
    result = build(content_tree, tmp_path / "out", at=BUILD_AT, progress=Progress(7, quiet=True))
    assert result.published == ["open"]
    assert not (result.release / "site" / "inner").exists()


# --- Instant navigation and the public URL ---------------------------------------------------------


def test_instant_navigation_falls_back_to_full_loads_on_another_port(page, live_server):
    """The session build says http://127.0.0.1:8000/ and is served on another port: Material maps the
    sitemap's host to the serving one but not its port, so a click loads the whole page (it works)."""
    page.goto(live_server.url + "/")
    page.evaluate("window.hcSamePage = true")
    page.locator('a[href$="end-a-contract/"]').first.click()
    page.wait_for_url(f"{live_server.url}/end-a-contract/")
    page.locator("form.hc-feedback").wait_for(state="attached")
    assert page.evaluate("window.hcSamePage === undefined")


def test_instant_navigation_with_the_serving_url(page, content_tree, tmp_path):
    write_article(content_tree, "a.md", "id: alpha\ntitle: Alpha\nsummary: S.\naudience: [client]\ncategory: payments\n",
                  body="Intro. See [Bravo](b.md).\n\n## Section {#section}\n\nText.\n")
    write_article(content_tree, "b.md", "id: bravo\ntitle: Bravo\nsummary: S.\naudience: [client]\ncategory: payments\n")
    out = tmp_path / "out"
    server = LiveServer(create_app(out))
    build(content_tree, out, at=BUILD_AT, progress=quiet(), site_url=server.url + "/")
    with server:
        page.goto(server.url + "/alpha/")
        page.evaluate("window.hcSamePage = true")
        page.locator("article a", has_text="Bravo").first.click()
        page.wait_for_url(f"{server.url}/bravo/")
        assert page.evaluate("window.hcSamePage === true")


def test_favicon_ico_from_an_svg_theme_icon_uses_the_pngs_beside_it(tmp_path):
    from publish.site_files import MATERIAL_FAVICON, write_favicon_ico

    def png(size):
        return b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + size.to_bytes(4, "big") * 2 + b"pixels"

    (tmp_path / "assets" / "hc").mkdir(parents=True)
    (tmp_path / "assets" / "images").mkdir()
    (tmp_path / MATERIAL_FAVICON).write_bytes(png(48))
    (tmp_path / "assets" / "hc" / "favicon.svg").write_text("<svg/>")
    assert write_favicon_ico(tmp_path, "assets/hc/favicon.svg").read_bytes()[4:8] == b"\1\0\x30\x30"  # Material's
    (tmp_path / "favicon.ico").unlink()
    (tmp_path / "assets" / "hc" / "favicon-32.png").write_bytes(png(32))
    (tmp_path / "assets" / "hc" / "favicon-16.png").write_bytes(png(16))
    ico = write_favicon_ico(tmp_path, "assets/hc/favicon.svg").read_bytes()
    assert (ico[4], ico[6], ico[22]) == (2, 16, 32)  # both PNGs, smallest first
    (tmp_path / "favicon.ico").unlink()
    assert write_favicon_ico(tmp_path, "assets/hc/favicon-32.png").read_bytes()[4:8] == b"\1\0\x20\x20"
    # A favicon.ico the theme ships is kept as it is.
    (tmp_path / "favicon.ico").write_bytes(b"theme's own")
    assert write_favicon_ico(tmp_path, "assets/hc/favicon.svg").read_bytes() == b"theme's own"


def test_after_a_new_release_a_revalidating_browser_gets_the_new_files(content_tree, tmp_path):
    """What a browser holding the old page and scripts does after a release is swapped in under a
    running server: its conditional requests no longer match, so it gets the new release's files."""
    small_tree(content_tree)
    out = tmp_path / "out"
    build(content_tree, out, at=BUILD_AT, progress=quiet())
    client = TestClient(create_app(out))
    old = {path: client.get(path, headers=GZIP).headers["etag"] for path in ("/", "/alpha/", "/sitemap.xml", "/assets/hc/notices.js")}
    assert {client.get(p, headers={**GZIP, "If-None-Match": e}).status_code for p, e in old.items()} == {304}
    write_article(content_tree, "b.md", "id: bravo\ntitle: Bravo\nsummary: S.\naudience: [client]\ncategory: payments\n")
    build(content_tree, out, at=BUILD_AT, progress=quiet())
    again = {p: client.get(p, headers={**GZIP, "If-None-Match": e}) for p, e in old.items()}
    assert {p: r.status_code for p, r in again.items()} == {p: 200 for p in old}
    assert "/bravo/</loc>" in again["/sitemap.xml"].text


def test_precompress_reuses_the_previous_releases_copies_of_unchanged_files(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for site in (old, new):
        (site / "assets").mkdir(parents=True)
        (site / "assets" / "bundle.js").write_text("var a = 1;\n" * 300)
    (old / "page.html").write_text("<p>old</p>\n" * 300)
    (new / "page.html").write_text("<p>new</p>\n" * 300)
    precompress(old)
    (old / "assets" / "bundle.js.gz").write_bytes(gzip.compress((old / "assets" / "bundle.js").read_bytes(), 1))
    stats = precompress(new, previous=old)
    assert (stats.files, stats.reused) == (2, 1)
    # The unchanged file took the old copy as it was; the changed one was compressed anew.
    assert (new / "assets" / "bundle.js.gz").read_bytes() == (old / "assets" / "bundle.js.gz").read_bytes()
    assert gzip.decompress((new / "page.html.gz").read_bytes()) == (new / "page.html").read_bytes()
    assert (new / "page.html.gz").stat().st_mtime_ns == (new / "page.html").stat().st_mtime_ns
    assert precompress(new, previous=tmp_path / "pruned meanwhile").reused == 0


def test_precompress_links_the_twin_of_a_file_linked_from_the_previous_release(tmp_path):
    """serve --watch links unchanged pages from the current release; their gzip twins are linked
    too, without reading either file."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(), new.mkdir()
    (old / "same.html").write_text("<p>same</p>\n" * 300)
    (old / "small.html").write_text("<p>small</p>")
    precompress(old)
    os.link(old / "same.html", new / "same.html")
    os.link(old / "small.html", new / "small.html")
    (new / "changed.html").write_text("<p>changed</p>\n" * 300)
    stats = precompress(new, previous=old)
    assert (new / "same.html.gz").samefile(old / "same.html.gz")
    assert not (new / "small.html.gz").exists()  # not worth a twin, then or now
    assert gzip.decompress((new / "changed.html.gz").read_bytes()) == (new / "changed.html").read_bytes()
    assert (stats.files, stats.reused) == (2, 1)
    assert stats.original_bytes == (new / "same.html").stat().st_size + (new / "changed.html").stat().st_size


def test_audit_does_not_read_again_the_files_an_audited_release_shares(tmp_path, content_tree):
    """The watch fast path links unchanged files from the current release, which passed the audit
    for the same unpublished articles: only what is new in the stage is read."""
    from core.content import load_content
    from core.problems import Problems

    write_article(content_tree, "s.md", "id: secret-plan\ntitle: Secret plan\nsummary: S.\naudience: [client]\n"
                  "category: payments\nvisibility: internal\n")
    secret = list(load_content(content_tree, Problems()).articles)
    audited, stage = tmp_path / "audited", tmp_path / "stage"
    for release in (audited, stage):
        (release / "site").mkdir(parents=True)
    # Planted in the audited release behind the audit's back, to show which files are read.
    (audited / "site" / "shared.html").write_text("see /secret-plan/")
    os.link(audited / "site" / "shared.html", stage / "site" / "shared.html")
    (stage / "site" / "new.html").write_text("see /secret-plan/")
    (audited / "site" / "same-text.html").write_text("see /secret-plan/")
    (stage / "site" / "same-text.html").write_text("see /secret-plan/")  # equal, but not the same file
    (stage / "site" / "secret-plan").mkdir()  # names are always checked
    assert audit_output(stage, secret, audited=audited) == [
        "site/new.html: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/same-text.html: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/secret-plan: a file of unpublished article secret-plan",
    ]
    assert len(audit_output(stage, secret)) == 4


def test_files_finished_while_rendering_are_not_read_again_unless_changed(tmp_path, content_tree):
    """publish.finishing gzips and audits files as they are written; the last pass and the audit
    take what it did only for a file still as it read it (its signature)."""
    import shutil
    import time

    from core.content import load_content
    from core.problems import Problems
    from publish.audit import Traces, signature
    from publish.finishing import finish_files, finish_site

    write_article(content_tree, "s.md", "id: secret-plan\ntitle: Secret plan\nsummary: S.\naudience: [client]\n"
                  "category: payments\nvisibility: internal\n")
    secret = list(load_content(content_tree, Problems()).articles)
    stage = tmp_path / "stage"
    site = stage / "site"
    (site / "assets" / "js").mkdir(parents=True)
    texts = {"clean.html": "<p>clean</p>\n" * 100, "leak.html": "<p>see /secret-plan/</p>\n" * 100,
             "later.html": "<p>clean, for now</p>\n" * 100, "tiny.html": "<p>Secret plan</p>",
             "assets/js/theme.js": "var secretPlan = '/secret-plan/';\n" * 50}  # a theme file: not searched
    for name, text in texts.items():
        (site / name).write_text(text)
    finished = finish_files(site, None, Traces.of(secret), items=[str(site / name) for name in texts])
    assert sorted(finished.gzipped) == sorted(texts)
    assert {k: v[1] for k, v in finished.checked.items()} == {
        "site/clean.html": [], "site/clean.html.gz": [], "site/later.html": [], "site/later.html.gz": [],
        "site/leak.html": ["site/leak.html: mentions unpublished article secret-plan ('/secret-plan/')"],
        "site/leak.html.gz": ["site/leak.html.gz: mentions unpublished article secret-plan ('/secret-plan/')"],
        "site/tiny.html": ["site/tiny.html: mentions unpublished article secret-plan ('Secret plan')"],
    }
    assert all(finished.checked[k][0] == signature(stage / k) for k in finished.checked)
    # Written again behind its back, at the same size and modification time: its change time moves
    # (after a pause longer than the kernel's timestamp tick), so it is gzipped and read again.
    later = site / "later.html"
    st = later.stat()
    time.sleep(0.05)
    later.write_text(texts["later.html"].replace("clean, for now", "/secret-plan/!", 1))
    os.utime(later, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert later.stat().st_size == st.st_size
    stats = finish_site(site, None, finished)
    one_pass = tmp_path / "one-pass"
    shutil.copytree(site, one_pass, ignore=shutil.ignore_patterns("*.gz"))
    assert stats == precompress(one_pass) and stats.files == 4  # the same figures as one pass
    assert sorted(p.name for p in site.rglob("*.gz")) == sorted(p.name for p in one_pass.rglob("*.gz"))
    assert gzip.decompress((site / "later.html.gz").read_bytes()) == later.read_bytes()
    expected = [
        "site/later.html.gz: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/later.html: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/leak.html.gz: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/leak.html: mentions unpublished article secret-plan ('/secret-plan/')",
        "site/tiny.html: mentions unpublished article secret-plan ('Secret plan')",
    ]
    assert audit_output(stage, secret, checked=finished.checked) == audit_output(stage, secret) == expected
    # A file at its signature is not read again: what was found then is what counts.
    planted = {**finished.checked, "site/clean.html": (signature(site / "clean.html"), ["site/clean.html: planted"])}
    assert audit_output(stage, secret, checked=planted) == sorted(expected + ["site/clean.html: planted"])
