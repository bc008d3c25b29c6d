"""The ```pycon worked examples in articles run under pytest, with the count per file pinned."""
from __future__ import annotations

import pytest

from answers.examples import SYBIL
from conftest import CONTENT

ARTICLES = CONTENT / "articles"

# Every article with a ```pycon block, and how many `>>>` examples it holds. A block that stops
# being collected (a typo in the fence, a lost `>>>`) changes a count and fails here.
PINNED = {
    "contracts/end-a-contract.md": 6,
    "contracts/end-a-contract-as-a-client.md": 5,
}


def parse(name: str):
    return SYBIL.parse(ARTICLES / name)


def collected_counts() -> dict[str, int]:
    counts = {str(p.relative_to(ARTICLES)): len(list(parse(str(p.relative_to(ARTICLES))))) for p in ARTICLES.rglob("*.md")}
    return {name: n for name, n in counts.items() if n}


def test_the_number_of_examples_per_article_is_pinned():
    assert collected_counts() == PINNED


def test_every_article_with_a_pycon_block_is_pinned():
    with_blocks = sorted(str(p.relative_to(ARTICLES)) for p in ARTICLES.rglob("*.md") if "```pycon" in p.read_text(encoding="utf-8"))
    assert with_blocks == sorted(PINNED)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_article_examples_pass(name):
    # In order, in one namespace per file, as a reader would type them.
    ran = 0
    for example in parse(name):
        example.evaluate()
        ran += 1
    assert ran == PINNED[name]


def test_a_pycon_block_is_collected_and_a_wrong_output_fails(tmp_path):
    article = tmp_path / "example.md"
    article.write_text("Intro.\n\n```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    examples = list(SYBIL.parse(article))
    assert len(examples) == 1
    with pytest.raises(Exception, match="Expected:\\s+3\\s+Got:\\s+2"):
        examples[0].evaluate()
