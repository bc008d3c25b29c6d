"""synonyms.yml: the line kinds and every validation error, with its exact file:line message."""
import textwrap

from core.problems import Problems
from search import load_synonyms


def load(tmp_path, text):
    path = tmp_path / "synonyms.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    synonyms = load_synonyms(path, problems)
    prefix = str(path) + ":"
    return synonyms, [str(p).replace(prefix, "synonyms.yml:") for p in problems.items]


def test_line_kinds(tmp_path):
    synonyms, problems = load(tmp_path, """
        synonyms:
          - end contract, quit, leave job
          - fire => end contract
        aliases:
          filter-fl: freelancer
        """)
    assert problems == []
    multi, one_way = synonyms.groups
    assert (multi.one_way, [v.text for v in multi.sources], [v.terms for v in multi.targets]) == (
        False, ["end contract", "quit", "leave job"], [("end", "contract"), ("quit",), ("leav", "job")])
    assert (one_way.one_way, [v.text for v in one_way.sources], [v.text for v in one_way.targets]) == (
        True, ["fire"], ["end contract"])
    assert synonyms.lookup(("fire",))[0] is one_way
    assert synonyms.lookup(("end", "contract"))[0] is multi  # the target of a one-way line leads nowhere new
    assert synonyms.aliases == {"filter-fl": "freelancer"}


def test_missing_file_means_no_synonyms(tmp_path):
    problems = Problems()
    synonyms = load_synonyms(tmp_path / "nope.yml", problems)
    assert (synonyms.groups, synonyms.aliases, problems.items) == ((), {}, [])


def test_every_error_with_file_and_line(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - quit, resign
          - resign, leave job
          - ", ,"
          - the, refund
          - billing, payment
          - bill, invoice
          - a => b => c
          - hire => start contract
          - start contract => hire
          - fire
          - {x: y}
        aliases:
          filter-xx: robot
          two words: client
        """)
    assert problems == [  # the file's shape first (core's schema), then what the lines mean
        "synonyms.yml:12: synonyms: item 11: expected a line like 'quit, resign' or 'fire => end contract', got a mapping",
        "synonyms.yml:14: aliases.filter-xx: expected one of freelancer, agency, client, got 'robot'",
        "synonyms.yml:15: aliases.two words: expected a single word without spaces, got 'two words'",
        "synonyms.yml:3: synonyms: 'resign' is already in the line on line 2; a term may appear in one line only",
        "synonyms.yml:4: synonyms: expected at least two terms (a, b), got ', ,'",
        "synonyms.yml:5: synonyms: 'the' is only stop words or punctuation, so it can never match; use a more specific term",
        "synonyms.yml:7: synonyms: 'bill' is searched as 'bill', the same as 'billing' on line 6; keep one of them",
        "synonyms.yml:8: synonyms: expected one '=>' in a one-way line, got 'a => b => c'",
        "synonyms.yml:11: synonyms: expected at least two terms (a, b), got 'fire'",
        "synonyms.yml:9: synonyms: one-way lines form a cycle (hire => start contract => hire); write one multi-way line instead",
    ]


def test_longer_one_way_cycle(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - a1 => b1
          - b1 => c1
          - c1 => a1
        """)
    assert problems == [
        "synonyms.yml:2: synonyms: one-way lines form a cycle (a1 => b1 => c1 => a1); write one multi-way line instead"]


def test_yaml_syntax_error_has_a_line(tmp_path):
    _, problems = load(tmp_path, """
        synonyms:
          - quit, resign
         - broken
        """)
    assert len(problems) == 1 and problems[0] == (
        "synonyms.yml:3: synonyms: this line is indented differently from the lines before it; align it with its siblings")


def test_the_real_synonyms_file_is_valid():
    from pathlib import Path
    problems = Problems()
    synonyms = load_synonyms(Path(__file__).parent.parent / "content" / "synonyms.yml", problems)
    assert [str(p) for p in problems.items] == []
    assert synonyms.lookup(("quit",)) is not None
