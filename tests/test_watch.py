"""`helpcenter serve --watch`: a broken save keeps the last good release online; a fixed save swaps in."""
from __future__ import annotations

import gzip
import io
import re
import threading
import time

from starlette.testclient import TestClient

from helpcenter import cli
from helpcenter.commands.serve import ContentWatcher
from helpcenter.web import create_app
from publish.release import Releases
from conftest import MINIMAL_FRONT, write_article


def front(article_id, title, extra=""):
    return MINIMAL_FRONT.format(id=article_id, title=title) + extra


def test_broken_save_keeps_release_and_prints_error_then_fixed_save_swaps(content_tree, tmp_path):
    out = tmp_path / "out"
    path = write_article(content_tree, "contracts/a.md", front("first", "First"))
    stream = io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    assert watcher.rebuild() is True
    good = Releases(out).current()
    client = TestClient(create_app(out))
    assert client.get("/first/").status_code == 200

    assert watcher.poll_once() is None  # nothing saved, nothing built

    time.sleep(0.01)
    path.write_text(path.read_text(encoding="utf-8").replace("audience: [freelancer]", "audience: [frelancer]"),
                    encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is False
    assert Releases(out).current() == good
    printed = stream.getvalue().splitlines()
    assert printed[0].endswith("articles/contracts/a.md:5: audience: expected one of freelancer, agency, client, "
                               "got 'frelancer' (did you mean 'freelancer'?)")
    assert printed[-1] == "Aborted with 1 error; still serving the last good build"
    assert client.get("/first/").status_code == 200

    write_article(content_tree, "contracts/a.md", front("first", "First"))
    write_article(content_tree, "contracts/b.md", front("second", "Second"))
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert Releases(out).current() != good
    assert stream.getvalue().startswith("Rebuilt: 2 articles live")
    assert stream.getvalue().splitlines()[1:] == ["Now live: /second/"]
    assert client.get("/second/").status_code == 200

    # A date typed a year early: the save is valid, and says what it took offline and why.
    write_article(content_tree, "contracts/b.md", front("second", "Second", "valid_until: 2020-12-01\n"))
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert re.fullmatch(re.escape(f"No longer live: /second/ ({content_tree / 'articles/contracts/b.md'}: its window "
                                  "ended at 2020-12-01 00:00 UTC (valid_until); the build is at ")
                        + r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\)", stream.getvalue().splitlines()[1])
    assert client.get("/second/").status_code == 404


def test_watch_loop_rebuilds_on_save(content_tree, tmp_path):
    out = tmp_path / "out"
    write_article(content_tree, "contracts/a.md", front("first", "First"))
    stream = io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    watcher.rebuild()
    first = Releases(out).current()
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        (content_tree / "notices.yml").write_text('notices:\n  - id: global\n    message: "Saved."\n', encoding="utf-8")
        deadline = time.monotonic() + 60
        while Releases(out).current() == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert Releases(out).current() != first
        assert "Saved." in (Releases(out).current() / "notices.json").read_text(encoding="utf-8")
    finally:
        stop.set()
        thread.join(10)


def test_an_article_goes_live_at_its_valid_from_without_a_save(content_tree, tmp_path):
    # A build publishes what is live at its moment: the article scheduled for later was online only
    # after the next save, whenever an editor made one.
    import datetime as dt

    out = tmp_path / "out"
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=8)
    write_article(content_tree, "contracts/a.md", front("first", "First"))
    write_article(content_tree, "contracts/b.md", front("soon", "Soon", f"valid_from: {start:%Y-%m-%dT%H:%M:%SZ}\n"))
    write_article(content_tree, "contracts/c.md", front("draft", "Draft", f"valid_from: {start:%Y-%m-%dT%H:%M:%SZ}\n"
                                                                         "draft: true\n"))
    stream = io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    assert watcher.rebuild() is True
    client = TestClient(create_app(out))
    assert client.get("/soon/").status_code == 404
    assert (watcher.scheduled.id, watcher.scheduled.event, watcher.scheduled.at) == ("soon", "goes live", start)
    assert not watcher.due(start - dt.timedelta(seconds=1)) and watcher.due(start)
    while dt.datetime.now(dt.timezone.utc) < start:
        assert watcher.poll_once() is None  # nothing saved, nothing due yet
        time.sleep(0.2)
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    printed = stream.getvalue().splitlines()
    assert printed[0] == f"Scheduled: /soon/ goes live at {start:%Y-%m-%d %H:%M} UTC"
    assert printed[1].startswith("Rebuilt: 2 articles live") and printed[2:] == ["Now live: /soon/"]
    assert client.get("/soon/").status_code == 200
    assert watcher.scheduled is None and watcher.poll_once() is None  # nothing else scheduled (a draft is not)


def test_build_if_due_builds_only_when_an_article_went_live_or_expired_since_the_release(content_tree, tmp_path,
                                                                                          capsys):
    # For a timer (cron, systemd) where no `serve --watch` runs.
    out = tmp_path / "out"
    write_article(content_tree, "contracts/a.md", front("first", "First", "valid_until: 2027-03-01\n"))
    write_article(content_tree, "contracts/b.md", front("soon", "Soon", "valid_from: 2027-01-15\n"))
    write_article(content_tree, "contracts/c.md",
                  front("staff-only", "Staff only", "valid_from: 2027-01-10\nvisibility: internal\n"))

    def build_if_due(at):
        code = cli.main(["build", "--if-due", "--content", str(content_tree), "--out", str(out), "--at", at])
        return code, Releases(out).current(), capsys.readouterr().err.splitlines()

    code, first, said = build_if_due("2026-12-01")
    assert code == 0 and first is not None and said[0] == "Due: no release yet"
    code, release, said = build_if_due("2027-01-14T23:59:59Z")
    assert (code, release) == (0, first)  # an internal article's window changes nothing on the site
    assert said == ["Nothing due: the current release is as of 2026-12-01T00:00:00Z; "
                    "next: /soon/ goes live at 2027-01-15T00:00:00Z"]
    code, release, said = build_if_due("2027-01-15")
    assert code == 0 and release != first
    assert said[0] == "Due: /soon/ goes live at 2027-01-15T00:00:00Z (the current release is as of 2026-12-01T00:00:00Z)"
    assert (release / "site" / "soon" / "index.html").is_file()
    code, again, said = build_if_due("2027-02-01")
    assert (code, again, said) == (0, release, ["Nothing due: the current release is as of 2027-01-15T00:00:00Z; "
                                                 "next: /first/ expires at 2027-03-01T00:00:00Z"])


def test_serve_build_builds_then_serves_on_the_given_port(content_tree, tmp_path):
    """`serve --build --port P --workers 1`: no release yet, so it builds one and serves it on P."""
    import os
    import subprocess
    import sys
    import urllib.request

    from conftest import ROOT, free_port

    write_article(content_tree, "contracts/a.md", front("first", "First"))
    out, port = tmp_path / "out", free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpcenter.cli", "serve", "--build", "--port", str(port), "--workers", "1",
         "--content", str(content_tree), "--out", str(out)],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, status = time.monotonic() + 180, None
        while status != 200 and time.monotonic() < deadline and proc.poll() is None:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/first/", timeout=2).status
            except OSError:
                time.sleep(0.3)
        assert status == 200, proc.stderr.read1().decode() if proc.poll() is not None else "no answer"
        assert Releases(out).current() is not None
    finally:
        proc.terminate()
        proc.wait(30)


def test_serve_without_a_build_says_what_to_do(tmp_path, capsys):
    from helpcenter import cli

    out = tmp_path / "out"
    assert cli.main(["serve", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (f"helpcenter serve: no build in {out}; run `helpcenter build --out {out}` "
                                       "first or pass --build\n")
    assert not out.exists()


def test_a_body_only_save_rerenders_just_that_page_into_a_new_release(content_tree, tmp_path):
    out = tmp_path / "out"
    first = write_article(content_tree, "contracts/a.md", front("first", "First"),
                          "Intro.\n\n## Section {#section}\n\nLink to [the second](b.md).\n")
    write_article(content_tree, "contracts/b.md", front("second", "Second"))
    stream = io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    assert watcher.rebuild() is True
    before = Releases(out).current()
    old_page = (before / "site" / "first" / "index.html").read_text(encoding="utf-8")
    full_page = old_page

    time.sleep(0.01)
    first.write_text(first.read_text(encoding="utf-8").replace("Intro.", "A new introduction."), encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert "re-rendered the changed pages" in stream.getvalue()
    after = Releases(out).current()
    assert after != before
    new_page = (after / "site" / "first" / "index.html").read_text(encoding="utf-8")
    assert "A new introduction." in new_page and "A new introduction." not in full_page
    # The link to the other article is the URL a full build writes.
    assert '<a href="../second/">the second</a>' in new_page and '<a href="../second/">the second</a>' in full_page
    # Unchanged pages are shared with the previous release, which itself is untouched.
    assert (after / "site" / "second" / "index.html").samefile(before / "site" / "second" / "index.html")
    assert (before / "site" / "first" / "index.html").read_text(encoding="utf-8") == old_page
    # Its gzip twin (what `serve` and nginx send) is the new page too; the old release's is untouched.
    assert gzip.decompress((after / "site" / "first" / "index.html.gz").read_bytes()).decode() == new_page
    assert gzip.decompress((before / "site" / "first" / "index.html.gz").read_bytes()).decode() == old_page
    client = TestClient(create_app(out))
    assert "A new introduction." in client.get("/first/", headers={"Accept-Encoding": "gzip"}).text
    assert [r["id"] for r in client.get("/api/search", params={"q": "introduction"}).json()["results"]] == ["first"]

    # A new title shows on other pages (category list, related): the full build runs.
    first.write_text(first.read_text(encoding="utf-8").replace("title: First", "title: Renamed"), encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert "full build" in stream.getvalue()
    category = (Releases(out).current() / "site" / "categories" / "contracts" / "index.html").read_text(encoding="utf-8")
    assert ">Renamed</a>" in category

    # A broken body on the fast path leaves the release as it was.
    good = Releases(out).current()
    first.write_text(first.read_text(encoding="utf-8").replace("A new introduction.", "[broken](missing.md)"),
                     encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is False
    assert Releases(out).current() == good
    assert "still serving the last good build" in stream.getvalue()


def test_a_body_save_of_an_article_being_translated_stays_on_the_fast_path(content_tree, tmp_path):
    # Its draft translation counted as a changed page not on the site: every save was a full build.
    (content_tree / "languages.yml").write_text(
        "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n", encoding="utf-8")
    first = write_article(content_tree, "contracts/a.md", front("first", "First"), "Intro.\n\n## Section {#section}\n\nText.\n")
    assert cli.main(["translations", "new", "es", "first", "--content", str(content_tree)]) == 0  # a draft, stamped
    out, stream = tmp_path / "out", io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    assert watcher.rebuild() is True
    time.sleep(0.01)
    first.write_text(first.read_text(encoding="utf-8").replace("Intro.", "A new introduction."), encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert "re-rendered the changed pages" in stream.getvalue(), stream.getvalue()
    assert "A new introduction." in (Releases(out).current() / "site" / "first" / "index.html").read_text(encoding="utf-8")


def test_a_body_save_that_links_a_new_image_takes_the_full_build(content_tree, tmp_path):
    # The fast path re-renders the page only: an image the body newly shows or links to would not be
    # copied into the site (a link, [full size](/images/...), was missed).
    (content_tree / "images").mkdir()
    (content_tree / "images" / "big.png").write_bytes(b"\x89PNG")
    first = write_article(content_tree, "contracts/a.md", front("first", "First"), "Intro.\n\n## Section {#section}\n\nText.\n")
    out, stream = tmp_path / "out", io.StringIO()
    watcher = ContentWatcher(content_tree, out, stream=stream)
    assert watcher.rebuild() is True
    time.sleep(0.01)
    first.write_text(first.read_text(encoding="utf-8").replace("Text.", "See [it full size](/images/big.png)."),
                     encoding="utf-8")
    stream.truncate(0), stream.seek(0)
    assert watcher.poll_once() is True
    assert "full build" in stream.getvalue(), stream.getvalue()
    assert (Releases(out).current() / "site" / "images" / "big.png").read_bytes() == b"\x89PNG"
