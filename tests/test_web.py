"""The web server follows releases: a new build is picked up without a restart."""
import httpx

from conftest import BUILD_AT, LiveServer, write_article
from helpcenter.pipeline import build
from helpcenter.progress import Progress
from helpcenter.web import create_app


def quiet():
    return Progress(7, quiet=True)


def test_no_build_yet_is_a_clear_503(tmp_path):
    with LiveServer(create_app(tmp_path / "empty")) as server:
        r = httpx.get(server.url + "/api/health")
        assert (r.status_code, r.json()) == (503, {"error": "No build yet: run `helpcenter build` first.", "field": None})
        r = httpx.get(server.url + "/")
        assert r.status_code == 503


def test_a_new_release_is_served_without_a_restart(content_tree, tmp_path):
    write_article(content_tree, "a.md", "id: alpha\ntitle: Alpha refunds\nsummary: S.\naudience: [client]\n"
                  "category: payments\n")
    out = tmp_path / "out"
    first = build(content_tree, out, at=BUILD_AT, progress=quiet())
    with LiveServer(create_app(out)) as server:
        assert httpx.get(server.url + "/api/health").json()["release"] == first.release.name
        assert [r["id"] for r in httpx.get(server.url + "/api/search", params={"q": "refunds"}).json()["results"]] == ["alpha"]
        assert httpx.get(server.url + "/bravo/").status_code == 404

        write_article(content_tree, "b.md", "id: bravo\ntitle: Bravo refunds\nsummary: S.\naudience: [client]\n"
                      "category: payments\n")
        second = build(content_tree, out, at=BUILD_AT, progress=quiet())

        assert httpx.get(server.url + "/api/health").json()["release"] == second.release.name
        found = httpx.get(server.url + "/api/search", params={"q": "refunds"}).json()["results"]
        assert sorted(r["id"] for r in found) == ["alpha", "bravo"]
        assert httpx.get(server.url + "/bravo/").status_code == 200
