"""Malformed content as editors really produce it: every file gets file:line: key: errors, never a
traceback, and the previous release stays byte-identical.

Each case below writes one bad file into a copy of a small valid content tree and runs
`helpcenter build --strict` on it, against an output folder holding a good release.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import write_article
from helpcenter import cli
from conftest import tree_digest

GOOD_FRONT = "id: {id}\ntitle: {title}\nsummary: A short summary.\naudience: [freelancer]\ncategory: contracts\n"
BODY = "Intro.\n\n## Section {#section}\n\nText.\n"


def article(front: str, body: str = BODY) -> bytes:
    return ("---\n" + front + "---\n" + body).encode("utf-8")


def good(**changes) -> str:
    front = GOOD_FRONT.format(id="bad", title="Bad")
    for key, value in changes.items():
        if re.search(rf"^{key}:", front, re.M):
            front = re.sub(rf"^{key}:.*$", f"{key}: {value}" if value is not None else "", front, flags=re.M)
        else:
            front += f"{key}: {value}\n"
    return front


NOTICE = "notices:\n  - id: global\n    message: Hello.\n"
ART = "articles/bad.md"

# (case id, file written relative to the content folder, bytes, or a function (root, path) -> None)
CASES = [
    ("tab-indent", ART, article("id: bad\ntitle: Bad\n\tsummary: S.\naudience: [freelancer]\ncategory: contracts\n")),
    ("colon-in-value", ART, article(good(title="Ending: what happens next"))),
    ("unclosed-quote", ART, article(good(title='"Unclosed'))),
    ("unclosed-list", ART, article(good(keywords="[quit, resign"))),
    ("unclosed-mapping", ART, article(good(keywords="{a: b"))),
    ("bad-indent", ART, article("id: bad\ntitle: Bad\n  summary: S.\naudience: [freelancer]\ncategory: contracts\n")),
    ("alias-value", ART, article(good(title="*bold*"))),
    ("at-value", ART, article(good(title="@mention"))),
    ("month-13", ART, article(good(valid_from="2026-13-01"))),
    ("feb-30", ART, article(good(valid_until="2027-02-30"))),
    ("hour-25", ART, article(good(valid_from="2026-11-01T25:00:00Z"))),
    ("not-leap", ART, article(good(valid_from="2027-02-29"))),
    ("before-1970", ART, article(good(valid_from="1969-12-31"))),
    ("words-as-date", ART, article(good(valid_until="next week"))),
    ("end-before-start", ART, article(good(valid_from="2027-02-01", valid_until="2027-01-01"))),
    ("title-list", ART, article(good(title="[a, b]"))),
    ("title-number", ART, article(good(title="2027"))),
    ("title-empty", ART, article(good(title='""'))),
    ("audience-number", ART, article(good(audience="3"))),
    ("audience-typo", ART, article(good(audience="[frelancer]"))),
    ("audience-empty", ART, article(good(audience="[]"))),
    ("country-uk", ART, article(good(country="UK"))),
    ("country-lowercase", ART, article(good(country="[us]"))),
    ("usertype-unknown", ART, article(good(usertype="vip"))),
    ("visibility-unknown", ART, article(good(visibility="secret"))),
    ("category-unknown", ART, article(good(category="misc"))),
    ("id-capitals", ART, article(good(id="Bad-Article"))),
    ("id-missing", ART, article(good(id=None))),
    ("keywords-mapping", ART, article(good(keywords="{a: b}"))),
    ("draft-text", ART, article(good(draft="'yes'"))),
    ("unknown-key", ART, article(good(keyword="[quit]"))),
    ("duplicate-key", ART, article(good() + "title: Again\n")),
    ("claims-not-list", ART, article(good(claims="editorial"))),
    ("claim-missing-rule", ART, article(good(claims="[{id: c, anchor: section, text: T.}]"))),
    ("claim-unknown-rule", ART, article(good(claims="[{id: c, anchor: section, text: T., rule: no.such-rule}]"))),
    ("claim-bad-anchor", ART, article(good(claims="[{id: c, anchor: nowhere, text: T., rule: editorial}]"))),
    ("front-matter-not-closed", ART, b"---\nid: bad\ntitle: Bad\n\nIntro.\n"),
    ("no-front-matter", ART, b"# Just a heading\n\nText.\n"),
    ("empty-file", ART, b""),
    ("empty-front-matter", ART, b"---\n---\nIntro.\n"),
    ("front-matter-list", ART, b"---\n- a\n- b\n---\nIntro.\n"),
    ("front-matter-text", ART, b"---\njust words\n---\nIntro.\n"),
    ("deep-nesting", ART, article(good(keywords="[" * 5000 + "]" * 5000))),
    ("empty-body", ART, article(good(), body="\n")),
    ("heading-without-anchor", ART, article(good(), body="Intro.\n\n## No anchor\n\nText.\n")),
    ("duplicate-anchor", ART, article(good(), body=BODY + "\n## Again {#section}\n\nText.\n")),
    ("link-typo", ART, article(good(), body="See [methods](/withdrawl-methods/).\n")),
    ("link-missing-anchor", ART, article(good(), body="See [a](/alpha/#no-such-anchor).\n")),
    ("link-missing-file", ART, article(good(), body="See [a](missing.md).\n")),
    ("link-internal", ART, article(good(), body="See [staff](/staff-only/).\n")),
    ("link-expired", ART, article(good(), body="See [old](/expired/).\n")),
    ("html-script", ART, article(good(), body="Intro.\n\n<script>alert(1)</script>\n")),
    ("html-onerror", ART, article(good(), body="Intro <img src=x onerror=alert(1)>\n")),
    ("html-iframe", ART, article(good(), body="<iframe src=\"https://example.com\"></iframe>\n")),
    ("javascript-link", ART, article(good(), body="[click](javascript:alert(1))\n")),
    ("attr-list-onclick", ART, article(good(), body="[x](https://example.com){onclick=alert(1)}\n")),
    ("duplicate-id", ART, article(GOOD_FRONT.format(id="alpha", title="Another alpha"))),
    ("placeholder", ART, article(good(summary="Replace this with one or two sentences that say who this is for "
                                                "and what it answers."))),
    ("binary", ART, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"),
    ("latin-1", ART, article(good(title="Caf\u00e9 fees")).decode("utf-8").encode("latin-1")),
    ("utf-16-bom", ART, article(good()).decode("utf-8").encode("utf-16")),
    ("utf-16-le", ART, article(good()).decode("utf-8").encode("utf-16-le")),
    ("huge", ART, article(good(), body="word " * 400_000)),
    ("symlink-out-of-tree", ART, lambda root, path: path.symlink_to("/etc/hostname")),
    ("symlink-dangling", ART, lambda root, path: path.symlink_to(root / "articles" / "nothing-here.md")),
    ("notices-tab", "notices.yml", b"notices:\n  - id: global\n\tmessage: Hello.\n"),
    ("notices-colon", "notices.yml", b"notices:\n  - id: global\n    message: Note: read this\n"),
    ("notices-month-13", "notices.yml", (NOTICE + "    start: 2026-13-01\n").encode()),
    ("notices-feb-30", "notices.yml", (NOTICE + "    end: 2027-02-30\n").encode()),
    ("notices-not-list", "notices.yml", b"notices: hello\n"),
    ("notices-missing-key", "notices.yml", b"notice:\n  - id: global\n    message: Hello.\n"),
    ("notices-country-uk", "notices.yml", (NOTICE + "    country: UK\n").encode()),
    ("notices-icon", "notices.yml", (NOTICE + "    icon: infoo\n").encode()),
    ("notices-message-missing", "notices.yml", b"notices:\n  - id: global\n    icon: info\n"),
    ("notices-duplicate-id", "notices.yml", (NOTICE + "  - id: global\n    message: Again.\n").encode()),
    ("notices-link-typo", "notices.yml", b"notices:\n  - id: global\n    message: See [m](/withdrawl-methods/).\n"),
    ("notices-unknown-key", "notices.yml", (NOTICE + "    colour: red\n").encode()),
    ("notices-latin-1", "notices.yml", "notices:\n  - id: global\n    message: Caf\u00e9.\n".encode("latin-1")),
    ("notices-binary", "notices.yml", b"\x00\x01\x02notices"),
    ("synonyms-broken", "synonyms.yml", b"synonyms:\n  - quit, resign\n - broken\n"),
    ("synonyms-stop-words", "synonyms.yml", b"synonyms:\n  - the, refund\n"),
    ("synonyms-alias", "synonyms.yml", b"aliases:\n  filter-xx: robot\n"),
]

PROBLEM = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?:warning: )?(?P<key>[^:\s][^:]*): \S")


@pytest.fixture(scope="module")
def good_site(tmp_path_factory):
    """A small valid content tree and a release built from it."""
    base = tmp_path_factory.mktemp("malformed")
    root = base / "content"
    write_article(root, "alpha.md", GOOD_FRONT.format(id="alpha", title="Alpha"), BODY)
    write_article(root, "staff.md", GOOD_FRONT.format(id="staff-only", title="Staff") + "visibility: internal\n")
    write_article(root, "old.md", GOOD_FRONT.format(id="expired", title="Old") + "valid_until: 2020-01-01\n")
    write_article(root, "withdrawal.md", GOOD_FRONT.format(id="withdrawal-methods", title="Withdrawal methods"))
    (root / "notices.yml").write_text(NOTICE, encoding="utf-8")
    (root / "synonyms.yml").write_text("synonyms:\n  - quit, resign\n", encoding="utf-8")
    out = base / "out"
    assert cli.main(["build", "--content", str(root), "--out", str(out)]) == 0
    return root, out


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 50
    assert len({name for name, _, _ in CASES}) == len(CASES)
    assert {path for _, path, _ in CASES} == {ART, "notices.yml", "synonyms.yml"}


@pytest.mark.parametrize("name, relpath, data", CASES, ids=[c[0] for c in CASES])
def test_every_malformed_file_gets_file_line_key_errors_and_nothing_changes(good_site, tmp_path, capsys,
                                                                             name, relpath, data):
    good_root, out = good_site
    root = tmp_path / "content"
    shutil.copytree(good_root, root, symlinks=True)
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    if callable(data):
        data(root, path)
    else:
        path.write_bytes(data)
    before = tree_digest(out)

    code = cli.main(["build", "--strict", "--content", str(root), "--out", str(out)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not re.match(r"^(\[\d+/\d+\] |\s)", line)]  # not progress

    assert code == 1, err  # a content error: 2 would be an unexpected error
    assert "Traceback" not in err and "unexpected error" not in err
    assert lines[-1].startswith("Aborted with "), err
    problems = [PROBLEM.match(line) for line in lines[:-1]]
    assert problems and all(problems), err  # every line is FILE:LINE: KEY: message
    named = [m for m in problems if m.group("path").endswith(relpath)]
    assert named, f"no problem names {relpath}:\n{err}"
    assert all(int(m.group("line")) >= 1 for m in problems)
    assert tree_digest(out) == before
