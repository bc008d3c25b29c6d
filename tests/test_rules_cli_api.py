"""`helpcenter rules` and POST /api/rules/end-contract: short answers for the asker, with verified links."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from conftest import CONTENT
from helpcenter import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "data" / "scenarios"
EXAMPLES = ROOT / "rules_engine" / "examples"
AT = "2026-11-26T12:00:00Z"  # the moment conftest's built_out is built at
SITE = "http://127.0.0.1:8000"  # the public URL links start with when none is configured (as in a build)
PROVIDER_ARTICLE, CLIENT_ARTICLE = f"{SITE}/end-a-contract/", f"{SITE}/end-a-contract-as-a-client/"

NEGATIVE_HOURS = {
    "contract": {"type": "hourly", "hourly_rate": "40.00",
                 "logged_hours": [{"hours": 5}, {"hours": -3}]},
    "ended_by": "client", "ended_at": "2026-11-26T10:00:00Z",
}


def run(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def explain(capsys, scenario: Path, *options: str) -> str:
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(scenario), "--content", str(CONTENT),
                         "--at", AT, *options)
    # Links a support agent pastes into a ticket: where they point is said when nobody configured it.
    warning = "" if "--site-url" in options else (
        "warning: no public URL configured, so the links point at http://127.0.0.1:8000/; set --site-url or "
        "HELPCENTER_PUBLIC_URL (or site_url in mkdocs.yml)\n")
    assert (code, err) == (0, warning)
    return out


def explain_json(capsys, scenario: Path, *options: str) -> dict:
    return json.loads(explain(capsys, scenario, "--format", "json", *options))


# --- the realistic scenarios ------------------------------------------------------------------

# name: (asker, the article of the asker's side, what the provider is paid and when it is available)
REALISTIC = {
    "hourly-client-ends-midweek": ("freelancer", PROVIDER_ARTICLE, "443.75", "Wednesday 2026-12-09 00:00 UTC"),
    "hourly-freelancer-ends-berlin": ("freelancer", PROVIDER_ARTICLE, "400.00", "Wednesday 2026-12-09 01:00 CET"),
    "hourly-agency-ends-new-york": ("agency", PROVIDER_ARTICLE, "1202.50", "Tuesday 2026-12-08 19:00 EST"),
    "hourly-client-asks": ("client", CLIENT_ARTICLE, "200.00", "Wednesday 2026-12-09 00:00 UTC"),
    "hourly-nothing-logged": ("freelancer", PROVIDER_ARTICLE, None, None),
    "hourly-off-platform": ("client", CLIENT_ARTICLE, "120.00", "Wednesday 2026-12-09 00:00 UTC"),
    "hourly-ends-sunday-night": ("freelancer", PROVIDER_ARTICLE, "20.00", "Wednesday 2026-12-09 00:00 UTC"),
    "fixed-funded-unreleased-and-unfunded": ("freelancer", PROVIDER_ARTICLE, "300.00",
                                             "Wednesday 2026-11-25 15:30 UTC"),
    "fixed-client-ends-gets-refund": ("client", CLIENT_ARTICLE, "300.00", "5 days after its release"),
    "fixed-no-funds": ("freelancer", PROVIDER_ARTICLE, None, None),
    "fixed-agency-ends-after-release": ("agency", PROVIDER_ARTICLE, "1200.00", "Saturday 2026-11-28 14:30 IST"),
    "fixed-off-platform-freelancer": ("freelancer", PROVIDER_ARTICLE, None, None),
    "fixed-unassigned-escrow-client-asks": ("client", CLIENT_ARTICLE, None, None),
}


def test_every_scenario_file_is_checked():
    assert sorted(p.stem for p in SCENARIOS.glob("*.json")) == sorted(REALISTIC)
    assert len(REALISTIC) >= 12


@pytest.mark.parametrize("name", sorted(REALISTIC))
def test_a_short_answer_for_the_asker_with_links_to_their_side_only(capsys, name, built_out):
    asker, article, paid, available = REALISTIC[name]
    text = explain(capsys, SCENARIOS / f"{name}.json")
    lines = text.splitlines()
    assert 2 <= len(lines) <= 12
    links = re.findall(r"https?://\S+", text)
    # One link per point, every one to the asker's side, to an answer the release publishes as verified.
    assert len(links) == len(lines) - 1
    assert all(link.startswith(article) for link in links), links
    published = {a["id"]: a for a in json.loads(
        (built_out / "current" / "site" / "verified-answers.json").read_text(encoding="utf-8"))}
    explained = explain_json(capsys, SCENARIOS / f"{name}.json")
    assert explained["asked_by"] == asker
    for point in explained["points"]:
        answer = published[point["link"]["id"]]
        assert answer["permalink"] == point["link"]["url"]
        # The link documents the very rule that produced the sentence, and it is verified.
        assert (answer["status"], point["rule_id"] in answer["rules"]) == ("verified", True)
    if paid:
        assert any(f"{paid} " in line and "available balance" in line and available in line for line in lines), text
    else:
        assert "available balance" not in text
    # Each point is one sentence.
    assert all(p["sentence"].endswith(".") and ". " not in p["sentence"] for p in explained["points"]), text


def test_exact_answer_for_an_hourly_contract_the_client_ends_mid_week(capsys):
    assert explain(capsys, SCENARIOS / "hourly-client-ends-midweek.json") == f"""\
Hourly contract with a freelancer, ended by the client at Wednesday 2026-11-25 10:00 UTC:
- The client ended the contract at 2026-11-25 10:00 UTC; either side can end a contract at any time. {SITE}/end-a-contract/#end-any-time
- Both sides can leave feedback for each other until 2026-12-09 10:00 UTC, 14 days after the contract closed. {SITE}/end-a-contract/#end-any-time
- The work diary locks at 2026-11-25 10:00 UTC; no hours can be added or edited after that. {SITE}/end-a-contract/#hourly-contracts
- The freelancer is paid 443.75 for 12.5 hours of eligible logged time at 35.50 an hour. {SITE}/end-a-contract/#hourly-contracts
- Ending the contract does not pay for 2 hours of logged time that is not eligible. {SITE}/end-a-contract/#hourly-contracts
- The 12.5 eligible hours are billed to the client on Monday 2026-11-30 00:00 UTC, and the client can dispute them until Friday 2026-12-04 23:59 UTC. {SITE}/end-a-contract/#hourly-contracts
- The freelancer's 443.75 reaches their available balance on Wednesday 2026-12-09 00:00 UTC, after the review period and the 5-day security period. {SITE}/end-a-contract/#after-the-contract-ends
"""


def test_exact_answer_for_an_agency_in_new_york(capsys):
    assert explain(capsys, SCENARIOS / "hourly-agency-ends-new-york.json") == f"""\
Hourly contract with an agency, ended by the agency at Wednesday 2026-11-25 11:45 EST:
- The agency ended the contract at 2026-11-25 11:45 EST; either side can end a contract at any time. {SITE}/end-a-contract/#end-any-time
- Both sides can leave feedback for each other until 2026-12-09 11:45 EST, 14 days after the contract closed. {SITE}/end-a-contract/#end-any-time
- The work diary locks at 2026-11-25 11:45 EST; no hours can be added or edited after that. {SITE}/end-a-contract/#hourly-contracts
- The agency is paid 1202.50 for 18.5 hours of eligible logged time at 65.00 an hour. {SITE}/end-a-contract/#hourly-contracts
- The 18.5 eligible hours are billed to the client on Sunday 2026-11-29 19:00 EST, and the client can dispute them until Friday 2026-12-04 18:59 EST. {SITE}/end-a-contract/#hourly-contracts
- The agency's 1202.50 reaches their available balance on Tuesday 2026-12-08 19:00 EST, after the review period and the 5-day security period. {SITE}/end-a-contract/#after-the-contract-ends
"""


def test_exact_answer_for_a_client_with_funded_and_released_milestones(capsys):
    assert explain(capsys, SCENARIOS / "fixed-client-ends-gets-refund.json") == f"""\
Fixed-price contract with a freelancer, ended by the client at Thursday 2026-11-26 10:00 UTC:
- The client ended the contract at 2026-11-26 10:00 UTC; either side can end a contract at any time. {SITE}/end-a-contract-as-a-client/#end-any-time
- Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, 14 days after the contract closed. {SITE}/end-a-contract-as-a-client/#end-any-time
- Milestone "Design" was released: the freelancer keeps its 300.00. {SITE}/end-a-contract-as-a-client/#fixed-price-contracts
- Milestone "Build" was funded but not released: its 400.00 goes back to the client. {SITE}/end-a-contract-as-a-client/#fixed-price-contracts
- 100.00 in escrow that no milestone holds goes back to the client. {SITE}/end-a-contract-as-a-client/#fixed-price-contracts
- The freelancer's 300.00 for milestone "Design" reaches their available balance 5 days after its release. {SITE}/end-a-contract-as-a-client/#after-the-contract-ends
"""


def test_exact_answer_for_a_contract_with_no_funds(capsys):
    assert explain(capsys, SCENARIOS / "fixed-no-funds.json", "--trace") == f"""\
Fixed-price contract with a freelancer, ended by the client at Thursday 2026-11-26 10:00 UTC:
- The client ended the contract at 2026-11-26 10:00 UTC; either side can end a contract at any time. {SITE}/end-a-contract/#end-any-time
- Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, 14 days after the contract closed. {SITE}/end-a-contract/#end-any-time

Trace (every rule that applies to this contract):
- contract.end-any-time: fired. The client ended the contract at 2026-11-26 10:00 UTC; either side can end a contract at any time.
- policy.circumvention: did not fire. The contract was not ended to take work or payments off-platform.
- feedback.both-sides: fired. Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, 14 days after the contract closed.
- fixed.released-milestones-kept: did not fire. No milestone was released, so there is no milestone payment to keep.
- fixed.unused-funds-refunded: did not fire. No money is left in escrow, so nothing goes back to the client.
- fixed.unfunded-milestones-close: did not fire. No milestone is unfunded.
- payment.security-period: did not fire. Nothing is paid to the freelancer or agency, so no money waits in the security period.
"""


def test_the_answers_match_the_articles_they_link(capsys, built_out):
    """What a point says is what the linked section of the article says, in the article's words."""
    explained = explain_json(capsys, SCENARIOS / "hourly-client-ends-midweek.json")
    page = (built_out / "current" / "site" / "end-a-contract" / "index.html").read_text(encoding="utf-8")
    # The billing and availability dates come from the schedule the article states.
    for stated in ("Monday 00:00 UTC to Sunday 23:59 UTC", "following Monday", "that Friday at 23:59 UTC",
                   "5 days in the security period", "on\nthe Wednesday"):
        assert stated in page, stated
    assert [p["code"] for p in explained["points"]][-2:] == ["hourly.billed", "payment.available"]
    outcome = explained["outcome"]
    assert (outcome["billed_at"], outcome["dispute_until"], outcome["available_at"]) == (
        "2026-11-30T00:00:00Z", "2026-12-04T23:59:00Z", "2026-12-09T00:00:00Z")


# --- formats and options ----------------------------------------------------------------------

def test_for_switches_the_side_of_every_link(capsys):
    as_client = explain(capsys, SCENARIOS / "hourly-client-ends-midweek.json", "--for", "client")
    links = re.findall(r"https?://\S+", as_client)
    assert links and all(link.startswith(CLIENT_ARTICLE) for link in links)


def test_tz_gives_every_time_in_the_asker_zone(capsys):
    text = explain(capsys, SCENARIOS / "hourly-client-ends-midweek.json", "--tz", "Asia/Tokyo")
    assert "UTC" not in text.replace("23:59 UTC", "")  # the schedule's own words are not rewritten
    assert "Wednesday 2026-12-09 09:00 JST" in text


def test_markdown_names_each_link_after_its_article(capsys):
    text = explain(capsys, SCENARIOS / "fixed-no-funds.json", "--format", "markdown", "--site-url",
                   "https://help.example.com/")
    assert text == (
        "**Fixed-price contract with a freelancer, ended by the client at Thursday 2026-11-26 10:00 UTC:**\n\n"
        "- The client ended the contract at 2026-11-26 10:00 UTC; either side can end a contract at any time. "
        "([End a contract](https://help.example.com/end-a-contract/#end-any-time))\n"
        "- Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, 14 days after the contract "
        "closed. ([End a contract](https://help.example.com/end-a-contract/#end-any-time))\n"
    )


def test_json_carries_points_figures_and_dates(capsys):
    explained = explain_json(capsys, EXAMPLES / "fixed-price-freelancer-ends.json")
    assert explained["outcome"]["paid_to_provider"] == "0.00"
    assert explained["outcome"]["refunded_to_client"] == "500.00"
    assert explained["outcome"]["released_before_the_end"] == "300.00"
    assert explained["points"][3] == {
        "sentence": 'Milestone "Build" was funded but not released: its 400.00 goes back to the client.',
        "rule_id": "fixed.unused-funds-refunded",
        "code": "fixed.milestone-refunded",
        "link": {"id": "end-a-contract/unused-funds-refunded",
                 "url": f"{SITE}/end-a-contract/#fixed-price-contracts",
                 "title": "End a contract",
                 "claim": "Project funds that were not released as part of a milestone go back to the client.",
                 "lang": "en"},
    }
    assert explained["lang"] == "en"
    assert "trace" not in explained
    assert [s["rule_id"] for s in explain_json(capsys, EXAMPLES / "fixed-price-freelancer-ends.json",
                                                "--trace")["trace"]][:2] == [
        "contract.end-any-time", "policy.circumvention"]


def test_every_example_file_explains(capsys):
    for example in sorted(EXAMPLES.glob("*.json")):
        assert explain(capsys, example).startswith(("Hourly contract", "Fixed-price contract"))


def test_a_content_folder_without_articles_is_an_error_not_an_answer_without_links(capsys, tmp_path):
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(SCENARIOS / "fixed-no-funds.json"),
                         "--content", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (f"helpcenter rules: --content {tmp_path}: no articles found there; run from the project "
                   "folder or pass --content DIR\n")


def test_an_invalid_scenario_is_one_line_and_exit_2(capsys, tmp_path):
    scenario = tmp_path / "negative.json"
    scenario.write_text(json.dumps(NEGATIVE_HOURS), encoding="utf-8")
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(scenario))
    assert (code, out, err) == (
        2, "", f"helpcenter rules: {scenario}: contract.logged_hours[1].hours: must be zero or more, got -3\n")


@pytest.mark.parametrize(
    "text, message",
    [
        ("{oops", "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
        ("[]", "expected an object with contract, ended_by, asked_by, off_platform, ended_at, timezone, got a list"),
        ('{"contract": {"type": "fixed_price", "project_funds": "800.00"}, "ended_by": "client"}',
         "contract.project_funds: renamed to escrow_balance: the money in escrow now, not counting released "
         "milestones"),
    ],
)
def test_malformed_scenario_files(capsys, tmp_path, text, message):
    scenario = tmp_path / "bad.json"
    scenario.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "rules", "explain", "--scenario", str(scenario))
    assert (code, err) == (2, f"helpcenter rules: {scenario}: {message}\n")


def test_a_bad_option_names_the_option(capsys):
    code, _, err = run(capsys, "rules", "explain", "--scenario", str(SCENARIOS / "fixed-no-funds.json"),
                       "--tz", "Europe/Atlantis")
    assert (code, err) == (2, "helpcenter rules: --tz: expected an IANA time zone name like Europe/Berlin or "
                              "America/New_York, got 'Europe/Atlantis'\n")


def test_a_missing_scenario_file(capsys, tmp_path):
    code, _, err = run(capsys, "rules", "explain", "--scenario", str(tmp_path / "nope.json"))
    assert (code, err) == (2, f"helpcenter rules: {tmp_path / 'nope.json'}: no such file\n")


def test_ended_at_defaults_to_now(capsys, tmp_path):
    scenario = tmp_path / "now.json"
    scenario.write_text('{"contract": {"type": "fixed_price"}, "ended_by": "client"}', encoding="utf-8")
    explained = explain_json(capsys, scenario)
    assert explained["scenario"]["ended_at"] != "2026-11-26T10:00:00Z"
    assert explained["scenario"]["off_platform"] is False


def test_the_schema_accepts_every_scenario_and_rejects_old_names(capsys):
    import jsonschema

    code, out, _ = run(capsys, "rules", "schema")
    schema = json.loads(out)
    assert code == 0
    for path in [*SCENARIOS.glob("*.json"), *EXAMPLES.glob("*.json")]:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"contract": {"type": "fixed_price", "project_funds": "1.00"}, "ended_by": "client"},
                            schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"contract": {"type": "hourly", "hourly_rate": "1.00"}, "ended_by": "client",
                             "reason_moves_off_platform": False}, schema)


def test_rules_list(capsys):
    code, out, _ = run(capsys, "rules", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [
        "contract.end-any-time", "policy.circumvention", "feedback.both-sides", "hourly.diary-locks",
        "hourly.eligible-time-paid", "hourly.weekly-billing", "fixed.released-milestones-kept",
        "fixed.unused-funds-refunded", "fixed.unfunded-milestones-close", "payment.security-period",
    ]
    assert all(r["passing"] and r["examples"] > 0 for r in rows)
    code, out, _ = run(capsys, "rules", "list")
    assert out.splitlines()[0].startswith("contract.end-any-time            Either side can end a contract at any time  [")


# --- in the reader's language ------------------------------------------------------------------

def test_exact_answer_in_french_with_links_to_the_french_article(capsys):
    assert explain(capsys, SCENARIOS / "hourly-client-ends-midweek.json", "--lang", "fr", "--trace") == f"""\
Contrat à l'heure avec un freelance, clôturé par le client le mercredi 25 novembre 2026 à 10:00 UTC :
- Le client a mis fin au contrat le 25 novembre 2026 à 10:00 UTC ; chaque partie peut mettre fin à un contrat à tout moment. {SITE}/fr/end-a-contract/#end-any-time
- Chaque partie peut laisser une évaluation à l'autre jusqu'au 9 décembre 2026 à 10:00 UTC, soit 14 jours après la clôture du contrat. {SITE}/fr/end-a-contract/#end-any-time
- Le journal de travail est verrouillé le 25 novembre 2026 à 10:00 UTC ; aucune heure ne peut ensuite y être ajoutée ni modifiée. {SITE}/fr/end-a-contract/#hourly-contracts
- Le freelance reçoit 443,75 pour 12,5 heures de temps éligible enregistré, au taux de 35,50 de l'heure. {SITE}/fr/end-a-contract/#hourly-contracts
- La fin du contrat ne donne lieu à aucun paiement pour 2 heures de temps enregistré non éligible. {SITE}/fr/end-a-contract/#hourly-contracts
- Le client est facturé pour 12,5 heures éligibles le lundi 30 novembre 2026 à 00:00 UTC, et peut les contester jusqu'au vendredi 4 décembre 2026 à 23:59 UTC. {SITE}/fr/end-a-contract/#hourly-contracts
- Les 443,75 du freelance arrivent sur son solde disponible le mercredi 9 décembre 2026 à 00:00 UTC, après la période de vérification et la période de sécurité de 5 jours. {SITE}/fr/end-a-contract/#after-the-contract-ends

Trace (toutes les règles qui s'appliquent à ce contrat) :
- contract.end-any-time : appliquée. Le client a mis fin au contrat le 25 novembre 2026 à 10:00 UTC ; chaque partie peut mettre fin à un contrat à tout moment.
- policy.circumvention : non appliquée. Le contrat n'a pas été clôturé pour faire passer le travail ou les paiements hors de la plateforme.
- feedback.both-sides : appliquée. Chaque partie peut laisser une évaluation à l'autre jusqu'au 9 décembre 2026 à 10:00 UTC, soit 14 jours après la clôture du contrat.
- hourly.diary-locks : appliquée. Le journal de travail est verrouillé le 25 novembre 2026 à 10:00 UTC ; aucune heure ne peut ensuite y être ajoutée ni modifiée.
- hourly.eligible-time-paid : appliquée. Le freelance reçoit 443,75 pour 12,5 heures de temps éligible enregistré, au taux de 35,50 de l'heure. La fin du contrat ne donne lieu à aucun paiement pour 2 heures de temps enregistré non éligible.
- hourly.weekly-billing : appliquée. Le client est facturé pour 12,5 heures éligibles le lundi 30 novembre 2026 à 00:00 UTC, et peut les contester jusqu'au vendredi 4 décembre 2026 à 23:59 UTC.
- payment.security-period : appliquée. Les 443,75 du freelance arrivent sur son solde disponible le mercredi 9 décembre 2026 à 00:00 UTC, après la période de vérification et la période de sécurité de 5 jours.
"""


def test_exact_answer_in_spanish_as_markdown_named_after_the_spanish_article(capsys):
    assert explain(capsys, SCENARIOS / "fixed-client-ends-gets-refund.json", "--lang", "es", "--format", "markdown",
                   "--site-url", "https://help.example.com/") == """\
**Contrato de precio fijo con un freelancer, finalizado por el cliente el jueves 26 de noviembre de 2026 a las 10:00 UTC:**

- El cliente finalizó el contrato el 26 de noviembre de 2026 a las 10:00 UTC; cualquiera de las dos partes puede finalizar un contrato en cualquier momento. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#end-any-time))
- Cada parte puede dejar una valoración a la otra hasta el 10 de diciembre de 2026 a las 10:00 UTC, 14 días después del cierre del contrato. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#end-any-time))
- El hito «Design» se liberó: el freelancer conserva sus 300.00. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#fixed-price-contracts))
- El hito «Build» se financió pero no se liberó: sus 400.00 vuelven al cliente. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#fixed-price-contracts))
- Los 100.00 de los fondos del proyecto que no están asignados a ningún hito vuelven al cliente. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#fixed-price-contracts))
- Los 300.00 del freelancer por el hito «Design» llegan a su saldo disponible 5 días después de su liberación. ([Finalizar un contrato como cliente](https://help.example.com/es/end-a-contract-as-a-client/#after-the-contract-ends))
"""


def test_links_in_another_language_point_at_its_published_translation_else_english(capsys, tmp_path):
    import shutil

    explained = explain_json(capsys, SCENARIOS / "hourly-client-asks.json", "--lang", "fr")
    assert explained["lang"] == "fr"
    for point in explained["points"]:
        link = point["link"]
        assert (link["lang"], link["url"].startswith(f"{SITE}/fr/end-a-contract-as-a-client/#")) == ("fr", True)
        assert link["title"] == "Mettre fin à un contrat en tant que client"
    # Without the French translation, the same answer links to the English article.
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "translations" / "fr" / "end-a-contract-as-a-client.md").unlink()
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(SCENARIOS / "hourly-client-asks.json"),
                         "--content", str(content), "--at", AT, "--lang", "fr", "--json", "--site-url", SITE)
    assert (code, err) == (0, "")
    links = [p["link"] for p in json.loads(out)["points"]]
    assert {(link["lang"], link["title"]) for link in links} == {("en", "End a contract as a client")}
    assert all(link["url"].startswith(CLIENT_ARTICLE) for link in links)


def test_an_unknown_language_names_the_option(capsys):
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(SCENARIOS / "fixed-no-funds.json"),
                         "--content", str(CONTENT), "--lang", "de")
    assert (code, out) == (2, "")
    assert err == "helpcenter rules: --lang: expected a language of languages.yml (en, es, fr), got 'de'\n"


def test_a_configured_language_without_sentences_is_answered_in_english_with_its_links(capsys, tmp_path, monkeypatch):
    import shutil

    # German configured and one article translated, but no rules_engine/messages/de.py (which fails
    # tests/test_rules_messages.py): the reader still gets an answer, in English, linking to German.
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "languages.yml").write_text(
        "languages:\n  - {code: en, name: English}\n  - {code: de, name: Deutsch}\n", encoding="utf-8")
    shutil.rmtree(content / "translations")
    (content / "translations" / "de").mkdir(parents=True)
    french = (CONTENT / "translations" / "fr" / "end-a-contract.md").read_text(encoding="utf-8")
    (content / "translations" / "de" / "end-a-contract.md").write_text(
        french.replace("title: Mettre fin à un contrat", "title: Einen Vertrag beenden"), encoding="utf-8")
    code, out, err = run(capsys, "rules", "explain", "--scenario", str(SCENARIOS / "hourly-client-ends-midweek.json"),
                         "--content", str(content), "--at", AT, "--lang", "de", "--json",
                         "--site-url", "http://127.0.0.1:8000/")
    assert (code, err) == (0, "")
    explained = json.loads(out)
    assert explained["lang"] == "en"
    assert explained["headline"].startswith("Hourly contract with a freelancer")
    assert {(p["link"]["lang"], p["link"]["title"]) for p in explained["points"]} == {("de", "Einen Vertrag beenden")}


# --- the API ----------------------------------------------------------------------------------

def post(live_server, body: bytes, **params) -> httpx.Response:
    return httpx.post(f"{live_server.url}/api/rules/end-contract", content=body, params=params,
                      headers={"content-type": "application/json"})


@pytest.mark.parametrize("name", ["hourly-client-ends-midweek", "fixed-client-ends-gets-refund",
                                  "hourly-agency-ends-new-york"])
def test_the_api_answers_as_the_command_line_does(live_server, capsys, name):
    scenario = SCENARIOS / f"{name}.json"
    text = post(live_server, scenario.read_bytes(), format="text")
    assert (text.status_code, text.headers["content-type"]) == (200, "text/plain; charset=utf-8")
    assert text.text + "\n" == explain(capsys, scenario)
    as_json = post(live_server, scenario.read_bytes())
    assert as_json.json() == explain_json(capsys, scenario)
    markdown = post(live_server, scenario.read_bytes(), format="markdown", trace="true")
    assert markdown.text + "\n" == explain(capsys, scenario, "--format", "markdown", "--trace")


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_api_answers_in_the_language_asked(live_server, capsys, lang):
    scenario = SCENARIOS / "hourly-agency-ends-new-york.json"
    text = post(live_server, scenario.read_bytes(), format="text", lang=lang, trace="true")
    assert text.status_code == 200
    cli_text = explain(capsys, scenario, "--lang", lang, "--trace")
    # The same sentences and trace as the command line's.
    strip = lambda t: re.sub(r" https?://\S+", "", t).strip()  # noqa: E731
    assert strip(text.text) == strip(cli_text)
    as_json = post(live_server, scenario.read_bytes(), lang=lang).json()
    assert as_json["lang"] == lang
    assert [p["sentence"] for p in as_json["points"]] == [p["sentence"] for p in explain_json(capsys, scenario, "--lang", lang)["points"]]
    # The links go to the verified answers on that language's pages (the release's
    # site/<lang>/verified-answers.json), as the command line's do; only the host may differ.
    def on_site(link):
        return {**link, "url": urlsplit(link["url"])._replace(scheme="", netloc="").geturl()}
    cli_links = [on_site(p["link"]) for p in explain_json(capsys, scenario, "--lang", lang)["points"]]
    assert [on_site(p["link"]) for p in as_json["points"]] == cli_links
    assert {(link["lang"], link["url"].startswith(f"/{lang}/end-a-contract/#")) for link in cli_links} == {(lang, True)}


def test_the_api_names_the_bad_field(live_server):
    response = post(live_server, json.dumps(NEGATIVE_HOURS).encode())
    assert (response.status_code, response.json()) == (400, {
        "error": "contract.logged_hours[1].hours: must be zero or more, got -3",
        "field": "contract.logged_hours[1].hours",
    })


@pytest.mark.parametrize("params, error", [
    ({"format": "html"}, {"error": "format: expected one of text, markdown, json, got 'html'", "field": "format"}),
    ({"trace": "yes"}, {"error": "trace: expected true or false, got 'yes'", "field": "trace"}),
    ({"for": "client"}, {"error": "for: unknown parameter; expected format, trace, lang", "field": "for"}),
    ({"lang": "de"}, {"error": "lang: expected one of the help center's languages en, es, fr, got 'de'",
                      "field": "lang"}),
    ({"lang": "FR"}, {"error": "lang: expected one of the help center's languages en, es, fr, got 'FR' "
                               "(write it in lowercase: fr)", "field": "lang"}),
])
def test_the_api_names_a_bad_parameter(live_server, params, error):
    response = post(live_server, (SCENARIOS / "fixed-no-funds.json").read_bytes(), **params)
    assert (response.status_code, response.json()) == (400, error)


def test_the_api_rejects_malformed_json(live_server):
    response = post(live_server, b"{oops")
    assert (response.status_code, response.json()) == (400, {
        "error": "body: not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        "field": "body",
    })


def test_the_api_refuses_a_huge_body(live_server):
    response = post(live_server, b" " * (64 * 1024 + 1))
    assert response.status_code == 413


def test_the_api_is_described_in_openapi(live_server):
    paths = httpx.get(f"{live_server.url}/api/openapi.json").json()["paths"]
    operation = paths["/api/rules/end-contract"]["post"]
    assert [p["name"] for p in operation["parameters"]] == ["format", "trace", "lang"]
    assert operation["parameters"][0]["schema"]["enum"] == ["text", "markdown", "json"]
    assert operation["parameters"][2]["schema"] == {"type": "string", "enum": ["en", "es", "fr"]}
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["contract", "ended_by"]


def test_the_request_schema_in_openapi_is_self_contained(live_server):
    import jsonschema

    document = httpx.get(f"{live_server.url}/api/openapi.json").json()
    body = document["paths"]["/api/rules/end-contract"]["post"]["requestBody"]["content"]["application/json"]
    # A "$ref" would point into the OpenAPI document itself, where no scenario definitions live.
    assert "$ref" not in json.dumps(body["schema"])
    jsonschema.validate(body["example"], body["schema"])
