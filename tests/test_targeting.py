"""The one targeting engine, at its exact edges, and the shared vectors run in Python and in Chromium."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core.notices import load_notices, visible_notices
from core.problems import Problems
from core.notices import Notice
from core.targeting import ALL, Targeting, Visitor, Window, to_moment

TESTS = Path(__file__).resolve().parent
VECTORS = json.loads((TESTS / "targeting_vectors.json").read_text(encoding="utf-8"))
NOTICES_JS = TESTS.parent / "publish" / "theme" / "assets" / "hc" / "notices.js"
US = dt.timezone.utc
MICRO = dt.timedelta(microseconds=1)


def vector_notices():
    problems = Problems()
    notices = load_notices(TESTS / VECTORS["notices"], problems)
    assert not problems.items, [str(p) for p in problems.items]
    return notices


def case_id(case):
    return case["name"]


# --- Window: start <= t < end, open ends ----------------------------------------------------------

START = dt.datetime(2027, 1, 1, tzinfo=US)
END = dt.datetime(2027, 2, 1, tzinfo=US)


@pytest.mark.parametrize(
    "window, t, expected",
    [
        (Window(START, END), START, True),
        (Window(START, END), START - MICRO, False),
        (Window(START, END), END, False),
        (Window(START, END), END - MICRO, True),
        (Window(None, END), dt.datetime(1, 1, 1, tzinfo=US), True),
        (Window(None, END), END, False),
        (Window(START, None), dt.datetime(9999, 12, 31, 23, 59, tzinfo=US), True),
        (Window(START, None), START - MICRO, False),
        (Window(None, None), START, True),
    ],
    ids=["at-start", "before-start", "at-end", "before-end", "open-start-far-past", "open-start-at-end",
         "open-end-far-future", "open-end-before-start", "open-both"],
)
def test_window_edges(window, t, expected):
    assert window.contains(t) is expected


def test_window_compares_instants_not_wall_clocks():
    window = Window(to_moment("2027-01-01T00:00:00Z"), None)
    assert window.contains(to_moment("2027-01-01T01:00:00+01:00")) is True
    assert window.contains(to_moment("2027-01-01T00:59:59.999999+01:00")) is False


def test_to_moment_bare_date_is_midnight_utc_and_naive_is_utc():
    assert to_moment("2027-01-31") == dt.datetime(2027, 1, 31, tzinfo=US)
    assert to_moment(dt.datetime(2027, 1, 31, 9, 30)) == dt.datetime(2027, 1, 31, 9, 30, tzinfo=US)
    assert to_moment("2027-01-31T09:30:00.000001Z").microsecond == 1


# --- Targeting: all vs lists, unknown axes ------------------------------------------------------

FREELANCER_US = Visitor("freelancer", "US", "standard")


@pytest.mark.parametrize(
    "targeting, visitor, expected",
    [
        (Targeting(), FREELANCER_US, True),
        (Targeting(), Visitor(), True),
        (Targeting(("freelancer",), ("US",), ("standard",)), FREELANCER_US, True),
        (Targeting(("client",), ALL, ALL), FREELANCER_US, False),
        (Targeting(ALL, ("GB", "DE"), ALL), FREELANCER_US, False),
        (Targeting(ALL, ALL, ("new", "top-rated")), FREELANCER_US, False),
        (Targeting(("freelancer",), ALL, ALL), Visitor(None, "US", "standard"), False),
        (Targeting(ALL, ("US",), ALL), Visitor("freelancer", None, None), False),
        (Targeting(ALL, ALL, ("standard",)), Visitor("freelancer", "US", None), False),
    ],
    ids=["all-known", "all-unknown", "lists-match", "audience-out", "country-out", "usertype-out",
         "unknown-audience", "unknown-country", "unknown-usertype"],
)
def test_targeting_matches(targeting, visitor, expected):
    assert targeting.matches(visitor) is expected


def test_unknown_matches_any_is_for_search_only():
    targeting = Targeting(("client",), ("GB",), ("enterprise",))
    assert targeting.matches(Visitor(), unknown_matches_any=True) is True
    assert targeting.matches(Visitor("freelancer"), unknown_matches_any=True) is False
    assert targeting.matches(Visitor()) is False


def test_a_notice_is_shown_only_inside_its_window_to_whom_it_targets_and_never_as_a_draft():
    notice = Notice("n", "Hi.", "info", Targeting(("freelancer",), ALL, ALL), Window(START, END), line=1)
    assert notice.shown_to(FREELANCER_US, START) is True
    assert notice.shown_to(FREELANCER_US, END) is False
    assert notice.shown_to(Visitor("client"), START) is False
    assert notice.shown_to(Visitor(), START) is False  # unknown audience: only notices for everyone
    draft = Notice("n", "Hi.", "info", Targeting(), Window(START, END), line=1, draft=True)
    assert draft.shown_to(FREELANCER_US, START) is False


# --- Shared vectors --------------------------------------------------------------------------------


def test_vectors_cover_every_notice_and_boundary():
    """A vector file that stops exercising a notice or an edge would make both engines look right."""
    notices = vector_notices()
    seen = {i for case in VECTORS["cases"] for i in case["expected"]}
    assert seen == {n.id for n in notices}
    moments = {to_moment(c["at"]) for c in VECTORS["cases"]}
    for n in notices:
        for edge in (n.window.start, n.window.end):
            if edge is not None:
                assert edge in moments and edge - MICRO in moments, (n.id, edge)
    assert any(c["visitor"] == {"audience": None, "country": None, "usertype": None} for c in VECTORS["cases"])
    assert all(c["expected"][0] == "global" for c in VECTORS["cases"])


@pytest.mark.parametrize("case", VECTORS["cases"], ids=case_id)
def test_vectors_python(case):
    visitor = Visitor(**case["visitor"])
    shown = visible_notices(vector_notices(), visitor, to_moment(case["at"]))
    assert [n.id for n in shown] == case["expected"]


def test_vectors_browser(page):
    """The same vectors through notices.js in headless Chromium, over the notices.json dicts."""
    notices = [n.to_dict() for n in vector_notices()]
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(NOTICES_JS))
    got = page.evaluate(
        """([notices, cases]) => cases.map(c =>
               HCNotices.visibleNotices(notices, c.visitor, c.at).map(n => n.id))""",
        [notices, VECTORS["cases"]],
    )
    expected = [c["expected"] for c in VECTORS["cases"]]
    mismatches = [(c["name"], g, e) for c, g, e in zip(VECTORS["cases"], got, expected) if g != e]
    assert not mismatches
    assert len(got) == len(VECTORS["cases"]) > 20


def test_browser_window_edges_match_python(page):
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(NOTICES_JS))
    notice = {"start": "2027-01-01T00:00:00Z", "end": "2027-02-01T00:00:00.000500Z"}
    moments = ["2027-01-01T00:00:00Z", "2026-12-31T23:59:59.999999Z", "2027-02-01T00:00:00.000500Z",
               "2027-02-01T00:00:00.000499Z", "2027-01-01T01:00:00+01:00", "2027-01-01"]
    got = page.evaluate("([n, ms]) => ms.map(m => HCNotices.windowContains(n, m))", [notice, moments])
    window = Window(to_moment(notice["start"]), to_moment(notice["end"]))
    assert got == [window.contains(to_moment(m)) for m in moments] == [True, False, False, True, True, True]
