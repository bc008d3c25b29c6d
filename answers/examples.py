"""The worked examples of articles (```pycon blocks), run by Sybil: the one runner for the build and the tests.

The rule: the blocks of one article run in order in one namespace, as a reader would type them
into one session. The tests use ``SYBIL`` directly; the build calls ``run_article_examples``.
"""
from __future__ import annotations

import doctest
import re
from dataclasses import dataclass
from pathlib import Path

from sybil import Sybil
from sybil.example import SybilFailure
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

from core.articles import Article, fence_mask

LANGUAGE = "pycon"


class _PyconBlocks(CodeBlockParser):
    def __init__(self, language, evaluator):
        super().__init__(LANGUAGE, evaluator)


class PyconParser(PythonCodeBlockParser):
    """Sybil's Python parser, for ```pycon fences (Pygments' name for an interactive session)."""

    codeblock_parser_class = _PyconBlocks


SYBIL = Sybil(parsers=[PyconParser(doctest_optionflags=doctest.ELLIPSIS)])


@dataclass(frozen=True)
class ExampleFailure:
    line: int  # in the article's file
    message: str


def run_article_examples(article: Article | Path) -> list[ExampleFailure]:
    """Run an article's ```pycon examples; the first failure of the file, and every block without ``>>>``.

    Later examples of a session usually fail because of an earlier one, so only the first failure
    is reported.
    """
    path = article.source if isinstance(article, Article) else Path(article)
    failures = [ExampleFailure(line, "expected '>>>' examples in this pycon block, found none")
                for line in _blocks_without_prompts(path)]
    document = SYBIL.parse(path)
    for example in document:
        if not isinstance(example.parsed, doctest.Example):
            continue  # a block without '>>>', reported above
        try:
            example.evaluate()
        except SybilFailure as failure:
            failures.append(ExampleFailure(example.line, f"the worked example `{example.parsed.source.strip()}` "
                                                         f"{_problem(failure.result)}"))
            break
        except Exception as error:  # noqa: BLE001 - an example may raise anything; report, don't crash the build
            failures.append(ExampleFailure(example.line, f"the worked example `{example.parsed.source.strip()}` "
                                                         f"raised {type(error).__name__}: {error}"))
            break
    return sorted(failures, key=lambda f: f.line)


def count_examples(path: Path) -> int:
    """How many ``>>>`` examples Sybil collects from a file (pinned by the tests)."""
    return sum(1 for example in SYBIL.parse(path) if isinstance(example.parsed, doctest.Example))


def _blocks_without_prompts(path: Path) -> list[int]:
    """The opening-fence lines of pycon blocks that hold no ``>>>`` prompt."""
    lines = path.read_text(encoding="utf-8").split("\n")
    mask = fence_mask(lines)
    found, start, prompts = [], None, False
    for index, (line, fenced) in enumerate(zip(lines, mask)):
        opening = fenced and (index == 0 or not mask[index - 1])
        if opening:
            start = index + 1 if line.strip().removeprefix("```").strip().startswith(LANGUAGE) else None
            prompts = False
        elif start is not None and fenced:
            prompts = prompts or line.lstrip().startswith(">>>")
        elif start is not None and not fenced:
            if not prompts:
                found.append(start)
            start = None
    return found


_GOT = re.compile(r"Expected:\n(?P<want>.*?)Got:\n(?P<got>.*)", re.S)
_NOTHING = re.compile(r"Expected:\n(?P<want>.*?)Got nothing", re.S)


def _problem(report: str) -> str:
    """A doctest failure report as one phrase: expected '…', got '…' (or what it raised)."""
    if "Exception raised:" in report:
        last = report.strip().splitlines()[-1].strip()
        name, _, message = last.partition(":")
        return f"raised {name.rsplit('.', 1)[-1]}:{message}"
    for pattern in (_GOT, _NOTHING):
        match = pattern.search(report)
        if match:
            want = _dedent(match["want"])
            got = _dedent(match.groupdict().get("got") or "")
            return f"expected {want!r}, got {got!r}"
    return report.strip().splitlines()[0] if report.strip() else "failed"


def _dedent(text: str) -> str:
    return "\n".join(line[4:] if line.startswith("    ") else line for line in text.strip("\n").split("\n")).strip()
