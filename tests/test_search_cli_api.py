"""`helpcenter search` and GET /api/search on the real content built as of BUILD_AT."""
import json

import httpx
import pytest

from conftest import BUILD_AT
from helpcenter.cli import main

AT = BUILD_AT.isoformat()


def test_cli_json(built_out, capsys):
    assert main(["search", "quit", "--out", str(built_out), "--at", AT, "--json", "--limit", "2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"query", "total", "results", "suggestion", "corrected_from", "confident", "lang",
                           "fallback_lang", "suggested_lang"}
    assert result["query"] == "quit"
    assert [r["id"] for r in result["results"]][0] == "end-a-contract"
    assert len(result["results"]) == 2
    assert result["results"][0]["url"].startswith("/end-a-contract/")


def test_cli_text_and_filters(built_out, capsys):
    assert main(["search", "filter-cl quit", "--out", str(built_out), "--at", AT, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("for 'filter-cl quit'")
    assert out[2] == " 1. End a contract as a client"
    assert out[3] == "    /end-a-contract-as-a-client/  [client]"  # no BM25F score, which contradicted the order
    assert "*" in out[4] and "<mark>" not in out[4]  # the snippet, matches starred
    assert out[5].startswith("    matched via ")
    assert len(out) == 6


def test_cli_says_when_it_corrected_and_how_to_search_the_original(built_out, capsys):
    assert main(["search", "cancle contract", "--out", str(built_out), "--at", AT, "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("Showing results for cancel contract; search instead for cancle contract "
                      "(run again with --no-correct)")
    assert main(["search", "cancle contract", "--out", str(built_out), "--at", AT, "--no-correct", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["query"], result["corrected_from"], result["suggestion"]) == \
        ("cancle contract", None, "cancel contract")


def test_cli_searches_a_pasted_ticket_up_to_its_last_whole_word_before_500_characters(built_out, capsys):
    ticket = "my client says the freelancer disappeared and never finished the milestone " * 7  # 525
    assert main(["search", ticket, "--out", str(built_out), "--at", AT, "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["query"] == ticket[:ticket.rindex(" ", 0, 500)] and result["results"]
    assert captured.err == ("note: the query is 524 characters long; searched up to its last whole word before 500: "
                            f"...{result['query'][-40:]}\n")


def test_cli_says_when_the_moment_is_not_the_releases(built_out, capsys):
    # The release has the articles live at its moment: a later --at did not find the contract-end
    # flow of 2027, without a word.
    assert main(["search", "end contract", "--out", str(built_out), "--at", AT, "--limit", "1"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["search", "end contract", "--out", str(built_out), "--at", "2027-02-01", "--limit", "1"]) == 0
    assert capsys.readouterr().err == (
        "note: this release was built as of 2026-11-26T12:00:00Z; an article that goes live after that is not in "
        "it (`helpcenter timeline` lists them; `helpcenter build --at 2027-02-01T00:00:00Z` into another --out "
        "shows that moment)\n")
    assert main(["search", "end contract", "--out", str(built_out), "--at", "2026-01-01", "--limit", "1"]) == 0
    assert "an article that expired before that is not in it" in capsys.readouterr().err


def test_quoted_query_is_never_corrected(built_out, capsys):
    assert main(["search", '"cancle contract"', "--out", str(built_out), "--at", AT, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["query"], result["corrected_from"], result["suggestion"], result["results"]) == \
        ('"cancle contract"', None, None, [])


def test_cli_bad_query_is_a_message_not_a_traceback(built_out, capsys):
    assert main(["search", "refund", "--limit", "0", "--out", str(built_out)]) == 2
    assert capsys.readouterr().err == "helpcenter search: limit: expected a whole number from 1 to 50, got 0\n"
    assert main(["search", "x" * 10240, "--out", str(built_out), "--at", AT]) == 0  # searched as its first 500
    assert capsys.readouterr().err.startswith("note: the query is 10240 characters long; searched up to its last")


def test_cli_without_a_build(tmp_path, capsys):
    assert main(["search", "quit", "--out", str(tmp_path)]) == 1
    assert "no search index" in capsys.readouterr().err


def test_cli_rejects_bad_visitor_values(built_out):
    with pytest.raises(SystemExit) as e:
        main(["search", "quit", "--out", str(built_out), "--audience", "robot"])
    assert e.value.code == 2


def test_http_search(live_server):
    r = httpx.get(live_server.url + "/api/search", params={"q": "quit", "at": AT, "audience": "freelancer"})
    assert r.status_code == 200
    body = r.json()
    assert body["results"][0]["id"] == "end-a-contract"
    assert all("freelancer" in x["audience"] or x["audience"] == ["all"] for x in body["results"])


@pytest.mark.parametrize("params, message", [
    ({"q": "x" * 10240}, "q: the query is 10240 characters long; at most 500 are searched"),
    ({"q": "quit", "audience": "robot"}, "audience: expected one of freelancer, agency, client, got 'robot'"),
    ({"q": "quit", "country": "ZZ"}, "country: expected an ISO 3166-1 alpha-2 country code like US, got 'ZZ'"),
    ({"q": "quit", "usertype": "vip"}, "usertype: expected one of new, standard, top-rated, enterprise, got 'vip'"),
    ({"q": "quit", "at": "next week"},
     "at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), got 'next week'"),
    ({"q": "quit", "limit": "ten"}, "limit: expected a whole number from 1 to 50, got 'ten'"),
    ({"q": "quit", "limit": "0"}, "limit: expected a whole number from 1 to 50, got '0'"),
    ({"q": "quit", "sort": "date"}, "sort: unknown parameter; expected q, lang, audience, country, usertype, at, limit, correct, log"),
    ({"q": "quit", "correct": "no"}, "correct: expected true or false, got 'no'"),
])
def test_http_400s(live_server, params, message):
    r = httpx.get(live_server.url + "/api/search", params=params)
    assert (r.status_code, r.json()) == (400, {"error": message, "field": message.split(":")[0]})


@pytest.mark.parametrize("q", ["", '"unbalanced', "AND OR NOT", "title:refund", "😀", "refund\x00", "((("])
def test_http_hostile_queries_are_200(live_server, q):
    r = httpx.get(live_server.url + "/api/search", params={"q": q, "at": AT})
    assert r.status_code == 200
    assert set(r.json()) == {"query", "total", "results", "suggestion", "corrected_from", "confident", "lang",
                             "fallback_lang", "suggested_lang", "search_id"}


def test_openapi_describes_search(live_server):
    doc = httpx.get(live_server.url + "/api/openapi.json").json()
    op = doc["paths"]["/api/search"]["get"]
    assert [p["name"] for p in op["parameters"]] == ["q", "lang", "audience", "country", "usertype", "at", "limit",
                                                     "correct", "log"]
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"corrected_from", "confident", "suggestion"} <= set(body["required"])
    assert set(op["responses"]) == {"200", "400", "429"}


# -- languages ------------------------------------------------------------------------------------

def test_cli_searches_a_language(built_out, capsys):
    argv = ["search", "como cancelo un contrato", "--lang", "es", "--out", str(built_out), "--at", AT,
            "--audience", "freelancer", "--limit", "1"]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 matching articles for 'como cancelo un contrato' in Spanish (es)"
    assert out[2] == " 1. Finalizar un contrato"
    assert out[3] == "    /es/end-a-contract/  [freelancer, agency]"
    assert main(argv + ["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["lang"], result["fallback_lang"], result["confident"]) == ("es", None, True)
    assert [(r["id"], r["lang"], r["url"]) for r in result["results"]] == [("end-a-contract", "es", "/es/end-a-contract/")]


def test_cli_says_when_english_results_follow(built_out, capsys):
    assert main(["search", "2fa", "--lang", "es", "--out", str(built_out), "--at", AT, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["lang"], result["confident"], result["fallback_lang"]) == ("es", False, "en")
    # nothing in Spanish: the English article, labelled
    assert [(r["id"], r["lang"], r["url"]) for r in result["results"]] == [
        ("two-step-verification", "en", "/two-step-verification/")]
    assert main(["search", "2fa", "--lang", "es", "--out", str(built_out), "--at", AT]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Results in English (en), since there is no confident answer in Spanish (es):" in out
    assert any(line.endswith(". Two-step verification  [in English (en)]") for line in out)


def test_cli_names_the_language_that_answers_the_words(built_out, capsys):
    assert main(["search", "como cancelo un contrato", "--out", str(built_out), "--at", AT, "--no-correct"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["Did you mean: como cancel un contract?", "0 matching articles for 'como cancelo un contrato'",
                       "These words have a confident answer in Spanish (es): run again with --lang es"]
    assert main(["search", "quit", "--out", str(built_out), "--at", AT]) == 0
    assert "confident answer in" not in capsys.readouterr().out


def test_a_translations_index_leaves_out_the_english_of_its_proofs(built_out, capsys):
    # The worked example of /fr/end-a-contract/ is proven by a pycon block that prints English
    # sentences; a French search showed them as a snippet. English keeps them (its own words).
    words = "eligible logged time"
    def with_the_words(lang):
        assert main(["search", words, "--lang", lang, "--out", str(built_out), "--at", AT, "--json",
                     "--no-correct"]) == 0
        results = json.loads(capsys.readouterr().out)["results"]
        return {r["id"] for r in results if r["lang"] == lang and "eligible" in r["snippet"]}

    assert (with_the_words("fr"), with_the_words("es")) == (set(), set())
    assert "end-a-contract" in with_the_words("en")


def test_cli_rejects_a_language_the_release_has_not(built_out, capsys):
    assert main(["search", "quit", "--lang", "ES", "--out", str(built_out)]) == 2
    assert capsys.readouterr().err == ("helpcenter search: lang: expected one of the help center's languages en, es, "
                                       "fr, got 'ES' (write it in lowercase: es)\n")


def test_http_search_in_a_language(live_server):
    r = httpx.get(live_server.url + "/api/search", params={"q": "annuler un contrat", "lang": "fr", "at": AT,
                                                           "audience": "client"})
    body = r.json()
    assert (r.status_code, body["lang"], body["fallback_lang"]) == (200, "fr", None)
    assert (body["results"][0]["id"], body["results"][0]["lang"]) == ("end-a-contract-as-a-client", "fr")
    assert body["results"][0]["url"] == "/fr/end-a-contract-as-a-client/"
    default = httpx.get(live_server.url + "/api/search", params={"q": "quit", "at": AT}).json()
    assert (default["lang"], {r["lang"] for r in default["results"]}) == ("en", {"en"})


@pytest.mark.parametrize("lang, message", [
    ("ES", "lang: expected one of the help center's languages en, es, fr, got 'ES' (write it in lowercase: es)"),
    ("de", "lang: expected one of the help center's languages en, es, fr, got 'de'"),
    ("es-MX", "lang: expected one of the help center's languages en, es, fr, got 'es-MX' "
              "(write the language without a region: es)"),
])
def test_http_unknown_language_is_a_400(live_server, lang, message):
    r = httpx.get(live_server.url + "/api/search", params={"q": "quit", "lang": lang})
    assert (r.status_code, r.json()) == (400, {"error": message, "field": "lang"})


def test_openapi_describes_the_language(live_server):
    op = httpx.get(live_server.url + "/api/openapi.json").json()["paths"]["/api/search"]["get"]
    [lang] = [p for p in op["parameters"] if p["name"] == "lang"]
    assert lang["schema"] == {"type": "string", "enum": ["en", "es", "fr"]}
    body = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"lang", "fallback_lang"} <= set(body["required"])
    assert "lang" in body["properties"]["results"]["items"]["required"]
    assert "fallback_lang" in op["description"]
