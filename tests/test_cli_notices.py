"""`helpcenter notices|preview|timeline|new` and GET /api/notices: one engine, exact outputs."""
from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from core.problems import Problems
from core.notices import load_notices
from helpcenter import cli
from helpcenter.web import create_app
from conftest import CONTENT, write_article

TAX = "us-freelancer-tax-forms"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- helpcenter notices ------------------------------------------------------------------------------


def test_notices_text(capsys):
    code, out, _ = run(capsys, "notices", "--country", "US", "--usertype", "standard", "--audience", "freelancer",
                       "--at", "2026-11-26T12:00:00Z")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2 notices for freelancer, US, standard at 2026-11-26 12:00 UTC:"
    assert lines[1] == "  global [info] (everyone)  open – open"
    assert lines[3] == f"  {TAX} [money]  2026-11-01 00:00 UTC – 2027-02-01 00:00 UTC"


@pytest.mark.parametrize(
    "at, expected",
    [("2026-11-01T00:00:00Z", ["global", TAX]),
     ("2026-10-31T23:59:59.999999Z", ["global"]),
     ("2027-02-01T00:00:00Z", ["global", "new-contract-end-flow"]),
     ("2027-01-31T23:59:59.999999Z", ["global", TAX, "new-contract-end-flow"])],
)
def test_notices_json_at_the_edges(capsys, at, expected):
    code, out, _ = run(capsys, "notices", "--country", "us", "--usertype", "standard", "--audience", "freelancer",
                       "--at", at, "--json")
    assert code == 0
    body = json.loads(out)
    assert [n["id"] for n in body["notices"]] == expected
    assert body["visitor"] == {"audience": "freelancer", "country": "US", "usertype": "standard"}


def test_notices_unknown_visitor_sees_only_everyone(capsys):
    _, out, _ = run(capsys, "notices", "--at", "2026-11-26", "--json")
    assert [n["id"] for n in json.loads(out)["notices"]] == ["global"]


def test_notices_reports_invalid_file(capsys, content_tree):
    (content_tree / "notices.yml").write_text("notices:\n  - id: x\n    message: hi\n    icon: nope\n", encoding="utf-8")
    code, _, err = run(capsys, "notices", "--content", str(content_tree))
    assert code == 1
    assert err.splitlines()[0].endswith("notices.yml:4: x.icon: expected one of info, warning, alert, success, tip, "
                                        "calendar, money, security, got 'nope'")


def test_notices_rejects_a_bad_moment(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["notices", "--at", "next week"])
    assert e.value.code == 2
    assert "expected a date like 2027-01-31" in capsys.readouterr().err


# --- helpcenter preview -----------------------------------------------------------------------------


def test_preview_lists_articles_and_notices(capsys):
    code, out, _ = run(capsys, "preview", "--audience", "client", "--country", "GB", "--usertype", "enterprise",
                       "--at", "2026-11-26T12:00:00Z", "--json")
    assert code == 0
    body = json.loads(out)
    assert [n["id"] for n in body["notices"]] == ["global", "enterprise-december-invoice", "clients-gb-de-fr-invoices"]
    ids = {a["id"] for a in body["articles"]}
    assert "enterprise-invoicing" in ids and "us-tax-information" not in ids and "end-a-contract" not in ids


def test_preview_text_shape(capsys):
    code, out, _ = run(capsys, "preview", "--audience", "freelancer", "--country", "US", "--usertype", "standard",
                       "--at", "2026-11-26T12:00:00Z")
    assert code == 0
    assert out.splitlines()[0] == "As freelancer, US, standard at 2026-11-26 12:00 UTC"
    assert "Notices (2):" in out and "/us-tax-information/" in out


def test_preview_site_builds_only_that_visitors_articles(capsys, tmp_path):
    site = tmp_path / "preview"
    code, _, err = run(capsys, "preview", "--audience", "client", "--country", "GB", "--usertype", "enterprise",
                       "--at", "2026-11-26T12:00:00Z", "--site", str(site))
    assert code == 0, err
    built = site / "current" / "site"
    assert (built / "enterprise-invoicing" / "index.html").exists()
    assert not (built / "us-tax-information").exists()
    assert "?country=GB&usertype=enterprise&audience=client" in err


# --- helpcenter timeline ----------------------------------------------------------------------------


def test_timeline_sorted_and_half_open(capsys):
    code, out, _ = run(capsys, "timeline", "--from", "2026-11-15", "--to", "2027-02-01", "--json")
    assert code == 0
    changes = json.loads(out)
    assert [c["at"] for c in changes] == sorted(c["at"] for c in changes)
    keys = [(c["at"], c["kind"], c["id"], c["event"]) for c in changes]
    assert ("2026-11-15T00:00:00Z", "notice", "enterprise-december-invoice", "starts") in keys  # at == --from: in
    assert not any(c["at"] == "2027-02-01T00:00:00Z" for c in changes)  # at == --to: out
    assert ("2027-01-15T00:00:00Z", "notice", "enterprise-december-invoice", "ends") in keys
    assert any(c["kind"] == "article" for c in changes)


def test_timeline_rejects_reversed_range(capsys):
    code, _, err = run(capsys, "timeline", "--from", "2027-01-01", "--to", "2026-01-01")
    assert code == 2 and "--to must be after --from" in err


# --- helpcenter new ---------------------------------------------------------------------------------


def test_new_article_and_notices_pass_check_as_written(capsys, content_tree):
    c = str(content_tree)
    assert run(capsys, "new", "article", "--id", "my-article", "--title", 'A "quoted" title', "--category",
               "payments", "--content", c)[0] == 0
    text = (content_tree / "articles" / "payments" / "my-article.md").read_text(encoding="utf-8")
    for key in ("id", "title", "summary", "audience", "country", "usertype", "valid_from", "valid_until", "keywords",
                "visibility", "draft", "category", "redirect_from", "claims"):
        assert f"\n{key}:" in text, key
    assert '\ntitle: A "quoted" title\n' in text and "\ndraft: true\n" in text
    assert run(capsys, "new", "notice", "--id", "first", "--content", c)[0] == 0
    assert run(capsys, "new", "notice", "--id", "second", "--icon", "money", "--start", "2027-01-01",
               "--end", "2027-02-01T10:00:00Z", "--message", 'Say "hi" & <b>', "--content", c)[0] == 0
    code, _, err = run(capsys, "check", "--strict", "--content", c)
    assert code == 0, err
    notices = load_notices(content_tree / "notices.yml", Problems())
    assert [n.id for n in notices] == ["first", "second"]
    assert notices[1].message == 'Say "hi" & <b>'
    assert str(notices[1].window) == "2027-01-01 00:00 UTC – 2027-02-01 10:00 UTC"
    assert [n.draft for n in notices] == [True, True]


def test_new_items_are_drafts_whose_placeholders_fail_once_they_are_not(capsys, content_tree):
    c = str(content_tree)
    run(capsys, "new", "article", "--id", "my-article", "--title", "Mine", "--category", "payments", "--content", c)
    run(capsys, "new", "notice", "--id", "first", "--content", c)
    assert run(capsys, "build", "--content", c, "--out", str(content_tree.parent / "out"))[0] == 0
    site = content_tree.parent / "out" / "site"
    assert not (site / "my-article").exists()
    assert "first" not in (site / "assets" / "hc" / "notices.json").read_text(encoding="utf-8")
    article = content_tree / "articles" / "payments" / "my-article.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
    notices = content_tree / "notices.yml"
    notices.write_text(notices.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    code, _, err = run(capsys, "check", "--content", c)
    placeholder = "still holds the placeholder text of `helpcenter new`; write your own (or keep draft: true)"
    assert code == 1
    assert [line.replace(c + "/", "") for line in err.splitlines()] == [
        f"articles/payments/my-article.md:11: summary: {placeholder}",
        f"articles/payments/my-article.md:41: body: {placeholder}",
        f"articles/payments/my-article.md:45: body: {placeholder}",
        f"notices.yml:6: first.message: {placeholder}",
        "articles/payments/my-article.md:45: body: /end-a-contract/ is not an article of this help center",
        "Aborted with 5 errors in 1 articles, 1 notices",
    ]


def test_new_article_refuses_an_id_used_anywhere(capsys, content_tree):
    c = str(content_tree)
    write_article(content_tree, "contracts/old.md", "id: taken\ntitle: T\nsummary: S.\naudience: [client]\n"
                  "category: contracts\nredirect_from: [former]\n")
    for used in ("taken", "former"):
        code, _, err = run(capsys, "new", "article", "--id", used, "--title", "X", "--category", "payments", "--content", c)
        assert code == 2
        assert err == (f"helpcenter new: the id '{used}' is already used by {content_tree}/articles/contracts/old.md; "
                       "choose another --id\n")
    assert not (content_tree / "articles" / "payments").exists()


def test_new_article_refuses_an_empty_title(capsys, content_tree):
    # It wrote `title: ''`, which `check` then refused: the skeleton must pass check as written.
    with pytest.raises(SystemExit) as exit_:
        cli.main(["new", "article", "--id", "x", "--title", " ", "--category", "payments", "--content", str(content_tree)])
    assert (exit_.value.code, capsys.readouterr().err) == (
        2, "helpcenter new article: argument --title: expected the page title, got nothing "
           "(see helpcenter new article --help)\n")
    assert not (content_tree / "articles" / "payments").exists()


def test_new_refuses_to_overwrite(capsys, content_tree):
    c = str(content_tree)
    run(capsys, "new", "article", "--id", "x", "--title", "X", "--category", "payments", "--content", c)
    code, _, err = run(capsys, "new", "article", "--id", "x", "--title", "X", "--category", "payments", "--content", c)
    assert code == 2 and "already exists" in err
    run(capsys, "new", "notice", "--id", "n", "--content", c)
    code, _, err = run(capsys, "new", "notice", "--id", "n", "--content", c)
    assert code == 2 and "a notice with id 'n' already exists" in err


def test_new_notice_print_does_not_write(capsys, content_tree):
    code, out, _ = run(capsys, "new", "notice", "--id", "n", "--print", "--content", str(content_tree))
    assert code == 0 and out.startswith("  # n:") and not (content_tree / "notices.yml").exists()
    assert "\n  - id: n\n" in out and out.endswith("    draft: true\n")


# --- GET /api/notices --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(built_out):
    return TestClient(create_app(built_out))


@pytest.mark.parametrize(
    "query, expected",
    [("country=US&usertype=standard&audience=freelancer&at=2026-11-01T00:00:00Z", ["global", TAX]),
     ("country=US&usertype=standard&audience=freelancer&at=2026-10-31T23:59:59.999999Z", ["global"]),
     ("country=US&usertype=standard&audience=freelancer&at=2027-02-01", ["global", "new-contract-end-flow"]),
     ("country=us&audience=freelancer&at=2026-12-01", ["global", TAX]),
     ("at=2026-12-01", ["global"]),
     ("country=DE&audience=client&usertype=enterprise&at=2026-11-26T12:00:00%2B01:00",
      ["global", "enterprise-december-invoice", "clients-gb-de-fr-invoices"])],
)
def test_api_decides_at_request_time(api, query, expected):
    r = api.get("/api/notices?" + query)
    assert r.status_code == 200
    assert [n["id"] for n in r.json()["notices"]] == expected
    assert r.headers["cache-control"] == "public, max-age=30"


def test_api_default_moment_is_now(api):
    from core.notices import visible_notices
    from core.targeting import Visitor, now

    r = api.get("/api/notices?country=US&usertype=standard&audience=freelancer")
    expected = visible_notices(load_notices(CONTENT / "notices.yml", Problems()), Visitor("freelancer", "US", "standard"), now())
    assert [n["id"] for n in r.json()["notices"]] == [n.id for n in expected]


def test_api_returns_the_sanitised_html(api):
    n = api.get("/api/notices?at=2026-11-26").json()["notices"][0]
    assert n["html"].endswith('<a href="/circumvention-policy/">Taking work off the platform</a>.')
    assert n["icon"] == "info" and n["icon_name"] == "material/information-outline"


@pytest.mark.parametrize(
    "query, error",
    [("country=XX", "country: expected an ISO 3166-1 alpha-2 country code like US, got 'XX'"),
     ("usertype=pro", "usertype: expected one of new, standard, top-rated, enterprise, got 'pro'"),
     ("audience=everyone", "audience: expected one of freelancer, agency, client, got 'everyone'"),
     ("at=tomorrow", "at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), "
                     "got 'tomorrow'"),
     ("lang=de", "lang: expected one of the help center's languages en, es, fr, got 'de'"),
     ("lang=ES", "lang: expected one of the help center's languages en, es, fr, got 'ES' (write it in lowercase: es)"),
     ("colour=red", "colour: unknown parameter; expected country, usertype, audience, at, lang")],
)
def test_api_bad_parameters(api, query, error):
    r = api.get("/api/notices?" + query)
    assert r.status_code == 400
    assert r.json() == {"error": error, "field": error.split(":")[0]}


def test_api_is_in_openapi(api):
    spec = api.get("/api/openapi.json").json()["paths"]["/api/notices"]["get"]
    assert [p["name"] for p in spec["parameters"]] == ["country", "usertype", "audience", "at", "lang"]
    assert spec["parameters"][-1]["schema"] == {"type": "string", "enum": ["en", "es", "fr"]}
    assert set(spec["responses"]) == {"200", "400", "503"}


def test_api_answers_in_the_language_asked_for(api):
    from core.notices import render_message

    notices = {n.id: n for n in load_notices(CONTENT / "notices.yml", Problems())}
    body = api.get("/api/notices?lang=es&country=FR&audience=client&at=2027-02-01").json()
    assert body["lang"] == "es"
    assert [(n["id"], n["lang"]) for n in body["notices"]] == [
        ("global", "es"), ("new-contract-end-flow", "es"), ("clients-gb-de-fr-invoices", "es")]
    assert body["notices"][0]["html"] == render_message(notices["global"].message_in("es"))
    assert '<a href="/es/circumvention-policy/">' in body["notices"][0]["html"]
    # A notice without a message in that language comes in English, and says so.
    body = api.get("/api/notices?lang=fr&country=US&audience=freelancer&at=2026-11-26").json()
    assert [(n["id"], n["lang"]) for n in body["notices"]] == [("global", "fr"), (TAX, "en")]
    assert body["notices"][1]["html"] == render_message(notices[TAX].message)
    # Without lang: English, as before.
    body = api.get("/api/notices?at=2026-11-26").json()
    assert body["lang"] == "en" and body["notices"][0]["html"] == render_message(notices["global"].message)
