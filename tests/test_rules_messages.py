"""The rules engine's sentences in the reader's language: the catalogue in rules_engine/messages/.

A consequence code or a rule without a sentence in a configured language (content/languages.yml),
or a translation whose placeholders differ from English, fails here, never in production (a
missing translation is said in English).
"""
from __future__ import annotations

import ast
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

import rules_engine
from conftest import CONTENT
from core.languages import load_languages
from core.problems import Problems
from rules_engine import messages
from rules_engine.sample import fixed_price, hourly

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILES = sorted([*(ROOT / "tests" / "data" / "scenarios").glob("*.json"),
                         *(ROOT / "rules_engine" / "examples").glob("*.json")])
CONFIGURED = tuple(language.code for language in load_languages(CONTENT, Problems()))
TRANSLATED = tuple(code for code in CONFIGURED if code != messages.SOURCE)


def said_keys() -> set[str]:
    """Every message key rules.py says a consequence with: the first argument of each _said(...)."""
    tree = ast.parse(Path(rules_engine.rules.__file__).read_text(encoding="utf-8"))
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_said":
            assert isinstance(node.args[0], ast.Constant), ast.unparse(node)
            keys.add(node.args[0].value)
    return keys


def missing_catalogues(configured) -> list[str]:
    return [code for code in configured if code not in messages.LANGUAGES]


# --- completeness -----------------------------------------------------------------------------

def test_every_configured_language_has_a_catalogue():
    assert CONFIGURED[0] == messages.SOURCE == "en"
    assert len(TRANSLATED) >= 2  # es and fr at least
    assert missing_catalogues(CONFIGURED) == []
    # The check itself: a language configured without a catalogue is named.
    assert missing_catalogues(("en", "es", "de")) == ["de"]


@pytest.mark.parametrize("lang", CONFIGURED)
def test_every_catalogue_has_every_english_key_with_the_same_placeholders(lang):
    assert messages.check_catalogue(lang) == []


def test_every_sentence_the_rules_say_is_in_the_english_catalogue():
    english = set(messages.catalogue("en").MESSAGES)
    keys = said_keys()
    assert len(keys) == 15
    assert keys <= english
    # and nothing in the catalogue is left over from a sentence no rule says any more
    said_elsewhere = {k for k in english if k == "otherwise" or k.startswith(("otherwise.", "explain."))}
    assert english - said_elsewhere == keys
    # every rule-specific reason belongs to a registered rule
    assert {k.removeprefix("otherwise.") for k in english if k.startswith("otherwise.")} <= set(rules_engine.RULES)


def test_every_consequence_code_and_rule_reason_is_said_in_every_language():
    codes = set()
    for path in SCENARIO_FILES:
        outcome = rules_engine.end_contract(rules_engine.scenario_from_json(path.read_bytes()))
        codes |= {c.code for c in outcome.consequences}
    # The scenario files between them produce every code there is.
    assert codes == {
        "contract.ended", "policy.circumvention", "feedback.open", "hourly.diary-locked", "hourly.time-paid",
        "hourly.ineligible-time-unpaid", "hourly.billed", "fixed.milestone-kept", "fixed.milestone-refunded",
        "fixed.unassigned-funds-refunded", "fixed.milestone-closed-unfunded", "payment.available"}
    for lang in TRANSLATED:
        for rule in rules_engine.RULES.values():
            assert messages.has(lang, rule.otherwise_key), (lang, rule.id)


# --- the check catches what is wrong ------------------------------------------------------------

@pytest.mark.parametrize("change, problem", [
    (lambda m: m.pop("hourly.billed"),
     "rules_engine/messages/fr.py: hourly.billed: missing (English: "),
    (lambda m: m.update({"hourly.time-paid": "Le freelance reçoit {paid, amount} pour {hours} heures."}),
     "rules_engine/messages/fr.py: hourly.time-paid: placeholders differ from English (missing {provider}, {rate})"),
    (lambda m: m.update({"fixed.milestone-kept": "Le jalon « {jalon} » : {provider, select, other {x}} {amount}."}),
     "rules_engine/messages/fr.py: fixed.milestone-kept: placeholders differ from English (missing {milestone}; "
     "unknown {jalon})"),
    (lambda m: m.update({"hourly.diary-locked": "Verrouillé le {at, date}."}),
     "rules_engine/messages/fr.py: hourly.diary-locked: unknown style 'date' in {at, ...}; expected one of amount, "
     "weekday, select, plural, at character 14"),
    (lambda m: m.update({"contract.ended": "{party, select, client {Le client}} {ended_at}"}),
     "rules_engine/messages/fr.py: contract.ended: {party, select, ...} needs an 'other' branch, at character 0"),
    (lambda m: m.update({"hourly.billed.typo": "x"}),
     "rules_engine/messages/fr.py: hourly.billed.typo: not an English key (rules_engine/messages/en.py has no such "
     "message)"),
])
def test_a_broken_catalogue_is_named_key_by_key(monkeypatch, change, problem):
    broken = dict(messages.catalogue("fr").MESSAGES)
    change(broken)
    monkeypatch.setattr(messages.catalogue("fr"), "MESSAGES", broken)
    problems = messages.check_catalogue("fr")
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_a_missing_translation_is_said_in_english_not_an_error(monkeypatch):
    broken = dict(messages.catalogue("fr").MESSAGES)
    del broken["hourly.diary-locked"]
    monkeypatch.setattr(messages.catalogue("fr"), "MESSAGES", broken)
    outcome = rules_engine.end_contract(hourly(ended_at="2026-11-26T10:00:00Z"))
    locked = next(c for c in outcome.consequences if c.code == "hourly.diary-locked")
    assert outcome.sentence(locked, "fr") == locked.sentence  # English, the source
    assert outcome.sentence(outcome.consequences[0], "fr").startswith("Le client a mis fin au contrat")


def test_an_unknown_language_is_an_error_naming_the_languages():
    outcome = rules_engine.end_contract(hourly())
    with pytest.raises(KeyError, match="no rules messages in 'de'; languages: en, es, fr"):
        outcome.to_dict("de")


# --- what the reader reads ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_scenario_is_said_in_the_language_with_nothing_left_in_english(path, lang):
    outcome = rules_engine.end_contract(rules_engine.scenario_from_json(path.read_bytes()))
    english = outcome.to_dict()
    said = outcome.to_dict(lang)
    for theirs, ours in zip(said["consequences"], english["consequences"]):
        assert "{" not in theirs["sentence"] and "}" not in theirs["sentence"], theirs["sentence"]
        assert theirs["sentence"] != ours["sentence"]
        assert " the " not in theirs["sentence"] and "freelancer's" not in theirs["sentence"]
        # what the sentence is about stays machine-readable and the same in every language
        assert {k: v for k, v in theirs.items() if k != "sentence"} == {k: v for k, v in ours.items() if k != "sentence"}
    for theirs, ours in zip(said["trace"], english["trace"]):
        assert theirs["reason"] != ours["reason"] and (theirs["rule_id"], theirs["fired"]) == (ours["rule_id"], ours["fired"])
    assert {k: v for k, v in said.items() if k not in ("consequences", "trace")} == \
        {k: v for k, v in english.items() if k not in ("consequences", "trace")}


def sentences(scenario, lang):
    outcome = rules_engine.end_contract(scenario)
    return [outcome.sentence(c, lang) for c in outcome.consequences]


def test_french_numbers_plurals_and_dates():
    said = sentences(hourly("1202.50", [("1", True), ("1.5", False)], ended_by="agency",
                            ended_at="2026-11-30T23:30:00Z", timezone="Europe/Paris"), "fr")
    assert said == [
        "L'agence a mis fin au contrat le 1er décembre 2026 à 00:30 CET ; chaque partie peut mettre fin à un "
        "contrat à tout moment.",
        "Chaque partie peut laisser une évaluation à l'autre jusqu'au 15 décembre 2026 à 00:30 CET, soit 14 jours "
        "après la clôture du contrat.",
        "Le journal de travail est verrouillé le 1er décembre 2026 à 00:30 CET ; aucune heure ne peut ensuite y être "
        "ajoutée ni modifiée.",
        "L'agence reçoit 1\u202f202,50 pour 1 heure de temps éligible enregistré, au taux de 1\u202f202,50 de l'heure.",
        "La fin du contrat ne donne lieu à aucun paiement pour 1,5 heure de temps enregistré non éligible.",
        "Le client est facturé pour 1 heure éligible le lundi 7 décembre 2026 à 01:00 CET, et peut la contester "
        "jusqu'au samedi 12 décembre 2026 à 00:59 CET.",
        "Les 1\u202f202,50 de l'agence arrivent sur son solde disponible le mercredi 16 décembre 2026 à 01:00 CET, "
        "après la période de vérification et la période de sécurité de 5 jours.",
    ]


def test_spanish_numbers_plurals_and_dates():
    said = sentences(fixed_price("250.00", [("Diseño", "300.00", "released", "2026-11-20T01:30:00Z"),
                                            ("Web", "250.00", "funded"), ("Extra", "90.00", "unfunded")],
                                 ended_by="client", timezone="America/Mexico_City"), "es")
    assert said == [
        "El cliente finalizó el contrato el 26 de noviembre de 2026 a las 04:00 CST; cualquiera de las dos partes "
        "puede finalizar un contrato en cualquier momento.",
        "Cada parte puede dejar una valoración a la otra hasta el 10 de diciembre de 2026 a las 04:00 CST, 14 días "
        "después del cierre del contrato.",
        "El hito «Diseño» se liberó: el freelancer conserva sus 300.00.",
        "El hito «Web» se financió pero no se liberó: sus 250.00 vuelven al cliente.",
        "El hito «Extra» nunca se financió: se cierra sin que se mueva dinero.",
        "Los 300.00 del freelancer por el hito «Diseño» llegan a su saldo disponible el martes 24 de noviembre de "
        "2026 a las 19:30 CST, 5 días después de su liberación.",
    ]
    one_hour = sentences(hourly("40.00", [(1, True)], ended_at="2026-11-25T10:00:00Z"), "es")
    assert "La 1 hora admisible se factura al cliente el lunes 30 de noviembre de 2026 a las 00:00 UTC, y el " \
           "cliente puede impugnarla hasta el viernes 4 de diciembre de 2026 a las 23:59 UTC." in one_hour
    at_one = sentences(hourly(ended_at="2026-11-25T01:05:00Z"), "es")[0]
    assert "el 25 de noviembre de 2026 a la 01:05 UTC" in at_one


def test_a_window_that_is_not_whole_days_is_said_in_days_and_hours(monkeypatch):
    monkeypatch.setattr(rules_engine.settings, "FEEDBACK_WINDOW", timedelta(days=3, hours=12))
    scenario = hourly(ended_at="2026-11-26T10:00:00Z")
    assert [s for s in sentences(scenario, "en") if "feedback" in s] == [
        "Both sides can leave feedback for each other until 2026-11-29 22:00 UTC, 3 days and 12 hours after the "
        "contract closed."]
    assert "soit 3 jours et 12 heures après" in sentences(scenario, "fr")[1]
    assert "3 días y 12 horas después" in sentences(scenario, "es")[1]


def test_values_are_written_the_language_way():
    fr, es, en = (messages.catalogue(code).LANGUAGE for code in ("fr", "es", "en"))
    assert [fr.number(Decimal(n)) for n in ("0.25", "12.50", "1234", "100", "1234567.5")] == [
        "0,25", "12,5", "1\u202f234", "100", "1\u202f234\u202f567,5"]
    assert [fr.amount(Decimal(n)) for n in ("0.5", "999.99", "1000.00")] == ["0,50", "999,99", "1\u202f000,00"]
    assert [en.amount(Decimal(n)) for n in ("1202.5", "3")] == ["1202.50", "3.00"]
    assert es.amount(Decimal("1202.5")) == "1202.50"
    assert [fr.plural(Decimal(n)) for n in ("0", "1", "1.5", "2")] == ["one", "one", "one", "other"]
    assert [es.plural(Decimal(n)) for n in ("0", "1", "1.5", "2")] == ["other", "one", "other", "other"]
    moment = datetime(2027, 8, 1, 9, 5, tzinfo=timezone.utc)
    assert fr.moment(moment, True) == "dimanche 1er août 2027 à 09:05 UTC"
    assert es.moment(moment, True) == "domingo 1 de agosto de 2027 a las 09:05 UTC"
    assert en.moment(moment, True) == "Sunday 2027-08-01 09:05 UTC"
    assert fr.duration(timedelta(minutes=61)) == "1 heure et 1 minute"
    assert en.duration(timedelta(days=1)) == "1 day"


def test_plural_exact_matches_and_placeholders_in_branches():
    nodes = messages.parse("{n, plural, =0 {aucune heure} one {# heure} other {# heures}} ({who})")
    assert sorted(messages.names(nodes)) == ["n", "who"]
    fr = messages.catalogue("fr").LANGUAGE
    say = [messages._render(nodes, {"n": Decimal(n), "who": "x"}, fr, timezone.utc, None) for n in ("0", "1", "2.5")]
    assert say == ["aucune heure (x)", "1 heure (x)", "2,5 heures (x)"]


def test_the_rules_english_is_unchanged_by_the_catalogue():
    # The sentences the articles quote, said through messages/en.py.
    outcome = rules_engine.end_contract(hourly("40.00", [(5, True), (2, False)], ended_by="freelancer"))
    assert [c.sentence for c in outcome.consequences if c.rule_id.startswith("hourly.")] == [
        "The work diary locks at 2026-11-26 10:00 UTC; no hours can be added or edited after that.",
        "The freelancer is paid 200.00 for 5 hours of eligible logged time at 40.00 an hour.",
        "Ending the contract does not pay for 2 hours of logged time that is not eligible.",
        "The 5 eligible hours are billed to the client on Monday 2026-11-30 00:00 UTC, and the client can dispute "
        "them until Friday 2026-12-04 23:59 UTC.",
    ]
    assert all(outcome.sentence(c, "en") == c.sentence for c in outcome.consequences)
    assert json.dumps(outcome.to_dict("en")) == json.dumps(outcome.to_dict())
