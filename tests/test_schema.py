"""`helpcenter check` and the JSON Schema of `helpcenter schema` accept exactly the same documents.

Both come from core/schema.py. Each case below says whether it is valid; the test checks that
`check --strict` and the JSON Schema both agree with that verdict, so a drift on either side fails.
Checks between keys (an end after its start, unique ids, anchors that exist) cannot be said in
JSON Schema and are left out of this corpus on purpose.
"""
from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest

from conftest import write_article
from core import yamlfile
from core.content import load_content
from core.notices import load_notices
from core.problems import Problems
from helpcenter.commands.schema import document
from search import load_synonyms

BASE = "id: x\ntitle: X\nsummary: S.\naudience: [freelancer]\ncategory: contracts\n"

ARTICLES = [
    # (what the editor wrote on top of BASE, or replacing a BASE key, valid?)
    ("", True),
    ("keywords: refund", True),  # one value is a list of one: both accept it
    ("audience: freelancer", True),
    ("audience: [freelancer, client]", True),
    ("country: US", True),
    ("country: [US, GB]", True),
    ("country: all", True),
    ("country: ALL", True),
    ("usertype: top-rated", True),
    ("keywords: ''", True),  # empty means not given, for every key
    ("valid_from: ''", True),
    ("visibility: ''", True),
    ("valid_from:", True),
    ("valid_from: 2028-02-29", True),
    ("valid_from: 2000-02-29", True),
    ("valid_from: 2026-11-01T09:00:00Z", True),
    ("valid_from: 2026-11-01T09:00:00+02:00", True),
    ("valid_from: 2026-11-01T09:00", True),
    ("valid_from: 2026-11-01 09:00:00", True),
    ("valid_from: '2026-11-01'", True),
    ("draft: true", True),
    ("draft: false", True),
    ("redirect_from: old-id", True),
    ("claims: [{id: c, anchor: section, text: T., rule: editorial}]", True),
    ("title: \"<img src=x onerror=alert(1)>\"", True),  # plain text, shown as typed
    ("title: 2026-01-01", True),  # a date-shaped title is text
    ("summary: 'He said \"no\"'", True),
    ("audience: []", False),
    ("audience: frelancer", False),
    ("audience: [freelancer, 3]", False),
    ("title: ''", False),
    ("title: '   '", False),
    ("title: 2027", False),
    ("title: [a, b]", False),
    ("id: End-A-Contract", False),
    ("country: [us]", False),
    ("country: UK", False),
    ("country: []", False),
    ("usertype: vip", False),
    ("usertype: [all]", False),
    ("keywords: [quit, 3]", False),
    ("keywords: [quit, '']", False),
    ("keywords: {a: b}", False),
    ("valid_from: 2026-13-01", False),
    ("valid_from: 2027-02-30", False),
    ("valid_from: 2027-02-29", False),
    ("valid_from: 1900-02-29", False),
    ("valid_from: 2026-11-01T25:00:00Z", False),
    ("valid_from: 2026-11-01T09:60:00Z", False),
    ("valid_from: 1969-12-31", False),
    ("valid_from: 9999-12-31", False),
    ("valid_from: next week", False),
    ("valid_from: 20261101", False),
    ("visibility: secret", False),
    ("draft: 'yes'", False),
    ("draft: 1", False),
    ("category: misc", False),
    ("redirect_from: [Old Page]", False),
    ("colour: blue", False),  # unknown keys: a warning, an error under --strict
    ("keyword: [quit]", False),
    ("claims: {id: c, anchor: section, text: T., rule: editorial}", False),
    ("claims: [{id: c, anchor: section, text: T.}]", False),
    ("claims: [{id: c, anchor: section, text: T., rule: editorial, note: x}]", False),
    ("claims: [refund]", False),
]

NOTICES = [
    ("message: Hello.", True),
    ("message: Hello.\nicon: money\naudience: client\ncountry: [US]\nusertype: all", True),
    ("message: Hello.\nstart: 2026-11-01\nend: ''", True),
    ("message: Hello.\ndraft: true", True),
    ("message: ''", False),
    ("message: Hello.\nicon: infoo", False),
    ("message: Hello.\ncountry: UK", False),
    ("message: Hello.\nstart: 2026-11-01T25:00:00Z", False),
    ("message: Hello.\nend: 2027-02-30", False),
    ("message: Hello.\ncolour: red", False),
    ("message: [a]", False),
]

SYNONYMS = [
    ("synonyms:\n  - quit, resign\naliases:\n  filter-cl: client", True),
    ("synonyms: []", True),
    ("aliases: {}", True),
    ("synonyms: quit, resign", False),  # the lines are a list
    ("synonyms:\n  - {a: b}", False),
    ("aliases:\n  filter-xx: robot", False),
    ("aliases:\n  two words: client", False),
    ("synonym:\n  - quit, resign", False),
    ("languages:\n  es:\n    - terminar contrato, cancelar contrato\n  fr: []", True),
    ("languages:\n  es: terminar contrato", False),  # the lines are a list
    ("languages:\n  es:\n    - {a: b}", False),
    ("languages: [es]", False),
    ("languages:\n  xx:\n    - a, b", False),  # not a language code
]


def article_front(change: str) -> str:
    key = change.split(":")[0]
    kept = [line for line in BASE.splitlines() if not (change and line.startswith(key + ":"))]
    return "\n".join(kept + ([change] if change else []))


def schema_accepts(kind: str, yaml_text: str) -> bool:
    data = yamlfile.load(yaml_text).data
    try:
        jsonschema.validate(json.loads(json.dumps(data)), document(kind))
    except jsonschema.ValidationError:
        return False
    return True


@pytest.mark.parametrize("change, valid", ARTICLES, ids=[c or "base" for c, _ in ARTICLES])
def test_check_and_schema_agree_on_articles(content_tree, change, valid):
    front = article_front(change)
    write_article(content_tree, "x.md", front)
    problems = Problems()
    load_content(content_tree, problems)
    assert (not problems.failed(strict=True), schema_accepts("article", front)) == (valid, valid), \
        [str(p) for p in problems.items]


@pytest.mark.parametrize("item, valid", NOTICES, ids=[i for i, _ in NOTICES])
def test_check_and_schema_agree_on_notices(tmp_path, item, valid):
    text = "notices:\n  - id: global\n" + textwrap.indent(item, "    ") + "\n"
    path = tmp_path / "notices.yml"
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    load_notices(path, problems)
    item_text = "id: global\n" + item
    assert (not problems.failed(strict=True), schema_accepts("notices", text), schema_accepts("notice", item_text)) \
        == (valid, valid, valid), [str(p) for p in problems.items]


@pytest.mark.parametrize("text, valid", SYNONYMS, ids=[t for t, _ in SYNONYMS])
def test_check_and_schema_agree_on_synonyms(tmp_path, text, valid):
    path = tmp_path / "synonyms.yml"
    path.write_text(text + "\n", encoding="utf-8")
    problems = Problems()
    load_synonyms(path, problems)
    assert (not problems.failed(strict=True), schema_accepts("synonyms", text)) == (valid, valid), \
        [str(p) for p in problems.items]


def test_the_corpus_has_both_verdicts():
    for corpus in (ARTICLES, NOTICES, SYNONYMS):
        assert {valid for _, valid in corpus} == {True, False}


@pytest.mark.parametrize("kind", ["article", "notice", "notices", "synonyms"])
def test_schema_command_prints_each_kind(capsys, kind):
    from helpcenter import cli

    assert cli.main(["schema", kind]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == document(kind)
    jsonschema.Draft202012Validator.check_schema(printed)
