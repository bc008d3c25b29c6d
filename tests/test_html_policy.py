"""Articles publish Markdown plus an allowlist of harmless HTML; anything else is a check error."""
import pytest

from conftest import MINIMAL_FRONT, write_article
from helpcenter.pipeline import validate

FRONT = MINIMAL_FRONT.format(id="x", title="X")


def body_problems(root, body):
    write_article(root, "x.md", FRONT, body="Intro.\n\n## Section {#section}\n\n" + body + "\n")
    _, problems = validate(root)
    return [str(p).replace(str(root) + "/", "") for p in problems.items]


def test_the_allowed_html_is_published_as_written(content_tree):
    body = ("<details><summary>More</summary>Hidden text.</details>\n\nPress <kbd>Ctrl</kbd>+<kbd>S</kbd>; "
            "<abbr title=\"Value added tax\">VAT</abbr> applies.<br>\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
            "<table><tr><td colspan=\"2\">cell</td></tr></table>\n\n!!! note\n    An admonition.\n\n"
            "```python\nx = '<script>'\n```\n\n`<script>` in code is text. [Mail](mailto:a@example.com)")
    assert body_problems(content_tree, body) == []


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<script>alert(1)</script>", "<script> is not allowed in articles"),
        ("Text <img src=x onerror=alert(1)>", "the attribute onerror= on <img> is not allowed in articles"),
        ("<iframe src=\"https://example.com\"></iframe>", "<iframe> is not allowed in articles"),
        ("[x](javascript:alert(1))", "a javascript: link is not allowed; links are http, https, mailto or paths"),
        ("[x](JaVa\tScRiPt:alert(1))", None),
        ("![x](data:image/svg+xml,<svg onload=alert(1)>)", "a data: link is not allowed; links are http, https, "
                                                           "mailto or paths"),
        ("<details ontoggle=alert(1) open>x</details>", "the attribute ontoggle= on <details> is not allowed in articles"),
        ("Click [here](https://example.com){onclick=alert(1)}", "the attribute onclick= on <a> is not allowed in articles"),
        ("<style>body{display:none}</style>", "<style> is not allowed in articles"),
        ("<form action=/x><input name=a></form>", "<form> is not allowed in articles"),
        ("<svg><script>alert(1)</script></svg>", "<svg> is not allowed in articles"),
        ("<td style=\"background:url(x)\">x</td>", None),
    ],
)
def test_everything_else_is_an_error_on_its_line(content_tree, body, expected):
    problems = body_problems(content_tree, body)
    assert problems, "the body must be refused"
    assert all(p.startswith("articles/x.md:12: body: ") for p in problems), problems
    if expected:  # (an image's own problems, core.content.image_problem, may come first)
        assert any(expected in p for p in problems), problems


def test_the_line_is_the_line_of_the_offending_html(content_tree):
    problems = body_problems(content_tree, "Fine.\n\nStill fine.\n\n<marquee>old</marquee>\n")
    assert problems == ["articles/x.md:16: body: <marquee> is not allowed in articles; allowed HTML: "
                        "<details>, <summary>, <kbd>, <abbr>, <br>, <sup>, <sub>, <mark>, <ins>, <del>, <s>, <dl>, "
                        "<dt>, <dd>, <table>, <thead>, <tbody>, <tfoot>, <tr>, <th>, <td>, <caption>, <b>, <i>, "
                        "<u>, <em>, <strong>, <small>, <q>, <cite>, <var>, <samp>, <figure>, <figcaption>"]


def test_a_large_build_checks_the_html_while_it_renders_and_reports_the_same_problems(content_tree, tmp_path,
                                                                                     monkeypatch):
    """From PARALLEL_HTML_CHECK bodies on, a build checks the HTML policy in another process while
    it renders; what is reported, and in which order, does not change, and nothing is released."""
    from core.problems import ContentError
    from helpcenter import pipeline
    from helpcenter.progress import Progress

    write_article(content_tree, "x.md", FRONT, body="Intro.\n\n<script>alert(1)</script>\n")
    write_article(content_tree, "y.md", MINIMAL_FRONT.format(id="y", title="Y") + "keyword: typo\n",
                  body="Fine.\n\n<marquee>old</marquee>\n")
    _, alone = validate(content_tree)
    assert [p.key for p in alone.items] == ["keyword", "body", "body"]  # an unknown key (a warning), 2 HTML
    started = []
    real = pipeline.Background
    monkeypatch.setattr(pipeline, "Background", lambda *a, **k: started.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(pipeline, "PARALLEL_HTML_CHECK", 0)
    rendered = []
    real_render = pipeline.render_site
    monkeypatch.setattr(pipeline, "render_site", lambda *a, **k: rendered.append(1) or real_render(*a, **k))
    out = tmp_path / "out"
    with pytest.raises(ContentError) as failure:
        pipeline.build(content_tree, out, progress=Progress(7, quiet=True))
    assert [str(p) for p in failure.value.problems.items] == [str(p) for p in alone.items]
    assert pipeline.html_policy.findings_of in started and rendered == [1]  # found while rendering
    assert not (out / "current").exists() and [p for p in (out / "releases").iterdir()] == []
    # With another error too, everything is reported at once, before rendering.
    write_article(content_tree, "z.md", MINIMAL_FRONT.format(id="z", title="Z").replace("contracts", "nope"))
    rendered.clear()
    with pytest.raises(ContentError) as failure:
        pipeline.build(content_tree, out, progress=Progress(7, quiet=True))
    assert [p.key for p in failure.value.problems.items].count("body") == 2 and rendered == []
