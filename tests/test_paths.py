"""Commands behave the same from any directory: relative paths are the working directory's, and the
project (mkdocs.yml next to content/) is found by walking up, as MkDocs finds its mkdocs.yml."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import MINIMAL_FRONT, ROOT, write_article


def helpcenter(cwd, *argv):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "helpcenter.cli", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def small_project(root):
    content = root / "content"
    write_article(content, "contracts/a.md", MINIMAL_FRONT.format(id="alpha", title="Alpha"))
    (root / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    return content


def test_relative_content_and_out_are_taken_from_the_working_directory(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    content = small_project(elsewhere)
    (elsewhere / "mkdocs.yml").unlink()  # no project: only the paths given
    done = helpcenter(elsewhere, "build", "--content", "content", "--out", "out")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "out" / "current" / "site" / "alpha" / "index.html").is_file()
    assert not (ROOT / "out").exists()
    done = helpcenter(elsewhere, "check", "--content", "content")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (0, "OK: 0 errors in 1 articles, 0 notices")
    assert content.is_dir()


def test_the_project_is_found_from_a_subfolder(tmp_path):
    content = small_project(tmp_path / "project")
    write_article(content, "contracts/b.md", MINIMAL_FRONT.format(id="bravo", title="Bravo").replace(
        "[freelancer]", "[frelancer]"))
    done = helpcenter(content / "articles" / "contracts", "check")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "b.md:5: audience: expected one of freelancer, agency, client, got 'frelancer' (did you mean 'freelancer'?)",
        "Aborted with 1 error in 1 articles, 0 notices",
    ]


def test_outside_any_project_a_one_line_error_names_content(tmp_path):
    done = helpcenter(tmp_path, "check")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"helpcenter check: no help-center project in {tmp_path} or above (a folder with mkdocs.yml and content/); "
        "run it inside the project or pass --content DIR"
    ]
    done = helpcenter(tmp_path, "rules", "explain", "--scenario", "nope.json")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--content DIR" in done.stderr


def test_an_output_folder_in_the_content_folder_or_a_file_is_refused_before_anything_is_written(tmp_path):
    # `build --out content` wrote releases/ and current among the editors' files, and `serve --watch`
    # rebuilt on its own writes; a file given as --out was an "unexpected error: NotADirectoryError".
    content = small_project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    done = helpcenter(tmp_path / "content", "build", "--out", ".")
    assert (done.returncode, done.stderr) == (2, f"helpcenter build: --out {content}: expected a folder outside the "
                                                 f"content folder {content}, where the editors' files are\n")
    done = helpcenter(tmp_path, "build", "--out", "mkdocs.yml")
    assert (done.returncode, done.stderr) == (
        2, f"helpcenter build: --out {tmp_path / 'mkdocs.yml'}: expected a folder for the releases, found a file\n")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
