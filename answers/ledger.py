"""The answers ledger (content/answers-ledger.yml): every verified answer id ever published, so none vanishes."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from core import yamlfile
from core.content import Content
from core.problems import Problems

from .claims import EDITORIAL, answer_id

LEDGER = "answers-ledger.yml"

_HEADER = ("# Every verified answer id ever published, kept by `helpcenter build`. Support tickets link to\n"
           "# these: an id listed here must keep resolving (keep the claim id, or use redirect_from).\n")


def check_ledger(content: Content, problems: Problems) -> None:
    """Every answer id published before must still resolve, directly or through a redirect. An
    article file that could not be loaded (``Content.unreadable``; its own errors are reported) is
    not taken for a removed one."""
    path = content.root / LEDGER
    known = read_ledger(path, problems)
    current = {answer_id(a.id, c.id) for a in content.articles for c in a.claims if not c.is_editorial}
    renamed = {old: a.id for a in content.articles for old in a.redirect_from}
    for answer, line in known.items():
        article_id, _, claim_id = answer.partition("/")
        if article_id in content.unreadable:
            continue
        resolved = answer_id(renamed.get(article_id, article_id), claim_id)
        if resolved not in current:
            problems.error(path, line, answer,
                           "this verified answer was published before and no longer exists: keep the claim id, "
                           "or list the old article id under the new article's redirect_from")


def read_ledger(path: Path, problems: Problems) -> dict[str, int]:
    """Answer id -> its line in the ledger; an unreadable ledger is a problem, not a crash."""
    if not path.exists():
        return {}
    located = yamlfile.read(path, problems, "answers")
    if located is None:
        return {}
    answers = (located.data or {}).get("answers", []) if isinstance(located.data, dict) else None
    if not isinstance(answers, list):
        problems.error(path, located.line(), "answers", "expected a top-level 'answers:' list of answer ids")
        return {}
    return {str(a): located.line("answers", i) for i, a in enumerate(answers)}


def update_ledger(content: Content, answers) -> list[str]:
    """Record newly published rule-backed answers (the build calls this after a successful release)."""
    path = content.root / LEDGER
    known = read_ledger(path, Problems())
    new = [a.id for a in answers if a.status != EDITORIAL and a.id not in known]
    if new:  # written whole or not at all: a build stopped meanwhile leaves the last ledger
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(_HEADER + yaml.safe_dump({"answers": list(known) + new}, sort_keys=False), encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)  # left only when stopped between the two: not in the editors' tree
    return new
