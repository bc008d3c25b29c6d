"""The command line: check, schema, help, and no traceback for an editor."""
import json

import jsonschema
import re

import pytest
import yaml

from conftest import CONTENT, write_article
from core.articles import split_front_matter
from core.content import article_files
from helpcenter import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_every_problem_then_a_summary(capsys, content_tree):
    write_article(content_tree, "a.md", "id: a\ntitle: A\nsummary: S.\naudience: [frelancer]\ncategory: contracts\n")
    write_article(content_tree, "b.md", "id: b\ntitle: B\nsummary: S.\naudience: [client]\ncategory: contracts\n"
                  "valid_until: soon\ncolour: red\n")
    code, out, err = run(capsys, "check", "--content", str(content_tree))
    lines = [line.replace(str(content_tree) + "/", "") for line in err.splitlines()]
    assert code == 1
    assert lines == [
        "articles/a.md:5: audience: expected one of freelancer, agency, client, got 'frelancer' (did you mean 'freelancer'?)",
        "articles/b.md:7: valid_until: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, got 'soon'",
        "articles/b.md:8: warning: colour: unknown key, ignored (known keys: id, title, summary, audience, country, "
        "usertype, valid_from, valid_until, keywords, visibility, draft, category, redirect_from, claims)",
        "Aborted with 2 errors and 1 warning in 1 articles, 0 notices",
    ]


def test_check_strict_fails_on_warnings_only(capsys, content_tree):
    write_article(content_tree, "b.md", "id: b\ntitle: B\nsummary: S.\naudience: [client]\ncategory: contracts\ncolour: red\n")
    assert run(capsys, "check", "--content", str(content_tree))[0] == 0
    code, _, err = run(capsys, "check", "--content", str(content_tree), "--strict")
    assert code == 1
    assert err.splitlines()[-1] == "Aborted with 1 error in 1 articles, 0 notices"


def test_check_passes_on_the_real_content(capsys):
    code, _, err = run(capsys, "check", "--content", str(CONTENT))
    assert code == 0, err
    assert err.splitlines()[-1].startswith("OK: 0 errors")
    # Valid, but offline: the summer promotion ended on 1 September 2026.
    assert re.fullmatch(r"Not published because their valid_until has passed \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\): "
                        r"(.+, )?summer-fee-promotion-2026(, .+)?", err.splitlines()[-2])


def test_missing_content_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "check", "--content", str(tmp_path / "nope"))
    assert code == 1
    assert err.splitlines()[0] == f"{tmp_path / 'nope'}: expected a content folder with an articles/ folder inside, found none"


def test_bad_moment_on_the_command_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", "--at", "yesterday"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "helpcenter build: argument --at: expected a date like 2027-01-31 or a datetime like "
        "2027-01-31T09:00:00Z, got 'yesterday' (see helpcenter build --help)\n")


@pytest.mark.parametrize("command", [["build"], ["search", "refund"], ["check"]])
def test_a_date_written_another_way_on_the_command_line_gets_front_matters_guess(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        cli.main([*command, "--at", "31/01/2027"])
    assert exit_.value.code == 2
    name = command[0]
    assert capsys.readouterr().err == (
        f"helpcenter {name}: argument --at: expected a date like 2027-01-31 or a datetime like "
        f"2027-01-31T09:00:00Z, got '31/01/2027' (did you mean 2027-01-31?) (see helpcenter {name} --help)\n")


@pytest.mark.parametrize("argv, said", [
    # One line, as every other error (argparse printed its usage block first), with the API's hint.
    (["notices", "--country", "UK"], "helpcenter notices: argument --country: expected an ISO 3166-1 alpha-2 "
                                     "country code like US, got 'UK' (did you mean GB?) (see helpcenter notices --help)"),
    (["search"], "helpcenter search: the following arguments are required: QUERY (see helpcenter search --help)"),
    (["notices", "--bogus"], "helpcenter notices: unrecognized arguments: --bogus (see helpcenter notices --help)"),
    (["rules", "list", "--bogus"], "helpcenter rules list: unrecognized arguments: --bogus "
                                   "(see helpcenter rules list --help)"),
    (["--bogus", "notices"], "helpcenter: unrecognized arguments: --bogus (see helpcenter --help)"),
    (["serch", "x"], "helpcenter: argument COMMAND: invalid choice: 'serch' (choose from 'check', 'build', 'schema', "
                     "'serve', 'report', 'search', 'rules', 'notices', 'preview', 'timeline', 'new', 'translations') "
                     "(see helpcenter --help)"),
])
def test_a_usage_error_is_one_line(capsys, argv, said):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err == said + "\n"


def test_schema_validates_every_real_article(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["required"] == ["id", "title", "summary", "audience", "category"]
    for path in article_files(CONTENT):
        front = yaml.safe_load(split_front_matter(path.read_text())[0])
        jsonschema.validate(json.loads(json.dumps(front, default=str)), schema)


def test_schema_rejects_what_check_rejects(capsys):
    _, out, _ = run(capsys, "schema")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "title": "X", "summary": "S", "audience": ["frelancer"], "category": "contracts"},
                            json.loads(out))


@pytest.mark.parametrize("signum, code, said", [(15, 143, "SIGTERM"), (2, 130, "Ctrl+C")])
def test_a_build_stopped_by_a_signal_publishes_nothing_and_leaves_no_staging_folder(tmp_path, signum, code, said):
    # SIGTERM is raised inside the build (helpcenter.cli.Terminated), SIGINT as KeyboardInterrupt:
    # the staging folder is discarded and the worker stopped, as for any failure; without the
    # handler Python dies on the spot and leaves a half-written staging folder behind.
    import shutil
    import subprocess
    import sys
    import time

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "helpcenter.cli", "build", "--content", str(content),
                              "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 60
        while not list((out / "releases").glob(".staging-*")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list((out / "releases").glob(".staging-*")), "the build never started"
        time.sleep(0.5)  # well inside the build (it takes several seconds)
        build.send_signal(signum)
        _, err = build.communicate(timeout=60)
    finally:
        build.kill()
    assert build.returncode == code, err
    assert f"helpcenter build: stopped ({said}); the previous release is untouched" in err
    assert list((out / "releases").iterdir()) == []
    assert not (out / "current").exists()


def test_a_build_stopped_after_its_release_went_live_says_so(tmp_path):
    # The stop message is read against `current`, not assumed: SIGTERM while the build writes the
    # answers ledger, after the swap, leaves the new release published.
    import argparse

    from helpcenter.cli import _UNKNOWN, _release_after_stop
    from publish.release import Releases

    releases = Releases(tmp_path / "out")
    args = argparse.Namespace(command="build", out=releases.out)
    assert _release_after_stop(args, None) == "; the previous release is untouched"
    assert _release_after_stop(argparse.Namespace(command="build", out=None), _UNKNOWN) == ""  # stopped while reading options
    first = releases.promote(releases.stage())
    assert _release_after_stop(args, first) == "; the previous release is untouched"
    second = releases.promote(releases.stage())
    assert _release_after_stop(args, first) == f"; the new release {second.name} was already published"
    assert _release_after_stop(argparse.Namespace(command="serve"), None) == ""


def test_an_article_that_cannot_be_read_is_one_error_not_one_per_reference(capsys, tmp_path):
    # "Service fees" is linked from other articles and notices, listed in featured.yml and
    # translated: a colon in its title made 15 errors, 14 of them saying it does not exist.
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "articles" / "payments" / "service-fees.md"
    path.write_text(path.read_text().replace("title: Service fees for freelancers and clients",
                                             "title: Fees: what you pay", 1))
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        code, _, err = run(capsys, *command, "--content", str(content))
        errors = [line for line in err.splitlines() if ": warning: " not in line and line.startswith(str(content))]
        assert code == 1
        assert [e.replace(str(content) + "/", "") for e in errors] == [
            "articles/payments/service-fees.md:3: title: a colon followed by a space inside a value; put the value in quotes"]
