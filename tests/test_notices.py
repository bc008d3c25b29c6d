"""content/notices.yml: exact validation errors with file:line, and Markdown rendered to safe HTML."""
from __future__ import annotations

import textwrap

import pytest

from core.notices import load_notices, render_message, visible_notices
from core.problems import Problems, display_path
from core.targeting import Visitor, to_moment
from conftest import CONTENT


def load(tmp_path, yaml_text):
    path = tmp_path / "notices.yml"
    path.write_text(textwrap.dedent(yaml_text).lstrip("\n"), encoding="utf-8")
    problems = Problems()
    notices = load_notices(path, problems)
    where = display_path(path)
    return notices, [str(p).replace(where, "notices.yml", 1) for p in problems.items]


GOOD = """
notices:
  - id: global
    message: "Hello"
"""


def test_minimal_notice_has_defaults(tmp_path):
    notices, problems = load(tmp_path, GOOD)
    assert problems == []
    (n,) = notices
    assert (n.id, n.icon, n.targeting.audience, n.targeting.country, n.window.start, n.window.end) == (
        "global", "info", "all", "all", None, None)
    assert n.line == 2


def test_the_real_notices_file_is_valid():
    problems = Problems()
    notices = load_notices(CONTENT / "notices.yml", problems)
    assert problems.items == []
    assert notices[0].id == "global" and len(notices) >= 5


@pytest.mark.parametrize(
    "item, expected",
    [
        ("    icon: infoo\n",
         "notices.yml:4: global.icon: expected one of info, warning, alert, success, tip, calendar, money, security, "
         "got 'infoo' (did you mean 'info'?)"),
        ("    country: [US, usa]\n",
         "notices.yml:4: global.country: item 2: expected an ISO 3166-1 alpha-2 country code like US or GB, got 'usa' (did you mean US?)"),
        ("    country: XX\n",
         "notices.yml:4: global.country: expected an ISO 3166-1 alpha-2 country code like US or GB, got 'XX'"),
        ("    usertype: [pro]\n",
         "notices.yml:4: global.usertype: expected one of new, standard, top-rated, enterprise, got 'pro'"),
        ("    audience: everyone\n",
         "notices.yml:4: global.audience: expected one of freelancer, agency, client, got 'everyone'"),
        ("    start: 2027-02-01\n    end: 2027-01-01\n",
         "notices.yml:5: global.end: expected a moment after start (2027-02-01 00:00 UTC), got 2027-01-01 00:00 UTC"),
        ("    start: 2027-02-01T10:00:00Z\n    end: 2027-02-01T10:00:00Z\n",
         "notices.yml:5: global.end: expected a moment after start (2027-02-01 10:00 UTC), got 2027-02-01 10:00 UTC"),
        ("    start: next week\n",
         "notices.yml:4: global.start: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, "
         "got 'next week'"),
    ],
    ids=["icon", "country-in-list", "country", "usertype", "audience", "end-before-start", "end-equals-start",
         "bad-date"],
)
def test_field_errors(tmp_path, item, expected):
    notices, problems = load(tmp_path, GOOD + item)
    assert problems == [expected]
    assert notices == ()


def test_wrong_country_hint_only_when_capitals_would_fix_it(tmp_path):
    _, problems = load(tmp_path, GOOD + "    country: [us]\n")
    assert problems == ["notices.yml:4: global.country: expected an ISO 3166-1 alpha-2 country code like US or GB, "
                        "got 'us' (write it in capitals: US)"]


@pytest.mark.parametrize(
    "message, expected",
    [
        ('""', "notices.yml:3: global.message: is required, found no value"),
        ("", "notices.yml:3: global.message: is required, found no value"),
        ('"   "', "notices.yml:3: global.message: is required, found no value"),
    ],
    ids=["empty-string", "null", "blank"],
)
def test_empty_message(tmp_path, message, expected):
    _, problems = load(tmp_path, f"notices:\n  - id: global\n    message: {message}\n")
    assert problems == [expected]


def test_missing_message_and_id(tmp_path):
    _, problems = load(tmp_path, "notices:\n  - icon: info\n")
    assert problems == [
        "notices.yml:2: notices[0].id: is required, found no such key",
        "notices.yml:2: notices[0].message: is required, found no such key",
    ]


def test_duplicate_ids(tmp_path):
    notices, problems = load(tmp_path, GOOD + '  - id: other\n    message: "x"\n  - id: global\n    message: "again"\n')
    assert problems == ["notices.yml:6: notices[2].id: 'global' is already the id of the notice on line 2; "
                        "ids must be unique"]
    assert [n.id for n in notices] == ["global", "other"]


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    _, problems = load(tmp_path, 'notices:\n  - id: global\n    message: "Hello\n    icon: [info\n')
    assert len(problems) == 1
    assert problems[0].startswith("notices.yml:")
    line = int(problems[0].split(":")[1])
    assert 3 <= line <= 5
    assert problems[0].endswith(": a quoted value is not closed: add the closing quote")


def test_not_a_list(tmp_path):
    _, problems = load(tmp_path, "notices: hello\n")
    assert problems == ["notices.yml:1: notices: expected a list of notices (lines starting with '- '), got 'hello'"]


def test_unknown_key_is_a_warning(tmp_path):
    notices, problems = load(tmp_path, GOOD + "    colour: red\n")
    assert problems == ["notices.yml:4: warning: global.colour: unknown key, ignored (known keys: id, message, "
                        "icon, audience, country, usertype, start, end, draft, translations)"]
    assert len(notices) == 1


def test_a_misspelt_window_key_is_an_error(tmp_path):
    # Ignored, "ends" would show the notice for ever.
    notices, problems = load(tmp_path, GOOD + "    ends: 2027-01-01\n")
    assert problems == ["notices.yml:4: global.ends: unknown key; did you mean 'end'? An error, not a warning: "
                        "ignoring it would show this to more people or for longer than meant"]


def test_every_error_of_a_file_is_collected(tmp_path):
    _, problems = load(tmp_path, """
        notices:
          - id: a
            message: "x"
            icon: nope
          - id: b
            message: "y"
            usertype: [pro]
        """)
    assert [p.split(": ")[0] + ": " + p.split(": ")[1] for p in problems] == ["notices.yml:4: a.icon", "notices.yml:7: b.usertype"]


# --- Markdown to safe HTML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("**Bold** and *em* and `code`", "<strong>Bold</strong> and <em>em</em> and <code>code</code>"),
        ("[Status](https://status.example.com)", '<a href="https://status.example.com">Status</a>'),
        ("[Fees](/service-fees/)", '<a href="/service-fees/">Fees</a>'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[click](javascript:alert(1))", "<a>click</a>"),
        ("[click](JavaScript:alert(1))", "<a>click</a>"),
        ("[click](data:text/html,hi)", "<a>click</a>"),
        ("<b onclick=alert(1)>raw</b>", "&lt;b onclick=alert(1)&gt;raw&lt;/b&gt;"),
        ('[a](https://e.com" onclick="x)', '<a>a</a>'),  # nh3 drops a URL that is not one
        ("`<b>`", "<code>&lt;b&gt;</code>"),
        ("<!-- hidden -->shown", "&lt;!-- hidden --&gt;shown"),
        ("Tom & Jerry, 1 < 2", "Tom &amp; Jerry, 1 &lt; 2"),
        ("First.\n\nSecond.", "First.<br>Second."),
    ],
    ids=["inline", "link", "relative-link", "script", "img-onerror", "javascript-link", "javascript-caps",
         "data-link", "raw-html-tag", "quote-in-href", "code-span", "comment", "ampersand", "paragraphs"],
)
def test_render_message(source, expected):
    assert render_message(source) == expected


def test_hostile_notice_renders_as_text_through_to_dict(tmp_path):
    notices, problems = load(tmp_path, """
        notices:
          - id: global
            message: "<script>window.pwned=1</script><img src=x onerror=\\"window.pwned=1\\"> [x](javascript:window.pwned=1)"
            translations:
              es: "Lea `<b>` y [esto](JavaScript:x) <b>ya</b>"
        """)
    # The editor is told (the banner would show the tags as text and the link without its address) ...
    html_said = "would be shown as text: a notice is Markdown (**bold**, [text](/an-article/)), not HTML"
    link_said = ("link would be shown without its address: links are http, https, mailto or paths like "
                 "/end-a-contract/")
    assert problems == [f"notices.yml:3: global.message: <script> {html_said}",
                        f"notices.yml:3: global.message: <img> {html_said}",
                        f"notices.yml:3: global.message: the javascript: {link_said}",
                        f"notices.yml:5: global.translations.es: <b> {html_said}",
                        f"notices.yml:5: global.translations.es: the javascript: {link_said}"]
    # ... and what is rendered anyway is text.
    html = notices[0].to_dict()["html"]
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert html.startswith("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=")


def test_visible_notices_puts_global_first(tmp_path):
    notices, _ = load(tmp_path, """
        notices:
          - id: b
            message: "b"
          - id: global
            message: "g"
          - id: a
            message: "a"
        """)
    assert [n.id for n in visible_notices(notices, Visitor(), to_moment("2027-01-01"))] == ["global", "b", "a"]


def test_to_dict_shape(tmp_path):
    notices, _ = load(tmp_path, """
        notices:
          - id: us
            message: "**x**"
            icon: money
            audience: [freelancer]
            country: [US]
            start: 2026-11-01
            end: 2027-02-01T12:30:00.000500+01:00
        """)
    assert notices[0].to_dict() == {
        "id": "us", "icon": "money", "icon_name": "material/cash-multiple", "html": "<strong>x</strong>",
        "audience": ["freelancer"], "country": ["US"], "usertype": "all",
        "start": "2026-11-01T00:00:00Z", "end": "2027-02-01T11:30:00.000500Z",
    }
