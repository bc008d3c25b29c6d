"""`helpcenter serve --watch`: a broken save keeps the last good release online; a fixed save swaps in."""
from __future__ import annotations

import io
import threading
import time

from starlette.testclient import TestClient

from helpcenter.commands.serve import ContentWatcher
from helpcenter.web import create_app
from publish.release import Releases
from tests.conftest import MINIMAL_FRONT, write_article


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
    assert client.get("/second/").status_code == 200


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


def test_serve_keeps_its_options_and_adds_watch():
    from helpcenter import cli

    args = cli.parser().parse_args(["serve", "--watch", "--port", "9999", "--workers", "2", "--build"])
    assert (args.watch, args.port, args.workers, args.build) == (True, 9999, 2, True)
    assert cli.parser().parse_args(["serve"]).watch is False
