"""Options shared by several sub-commands, declared once."""
from __future__ import annotations

import argparse
from pathlib import Path

from core.schema import Country, calendar_hint, did_you_mean
from core.targeting import Visitor, to_moment
from core.vocabulary import AUDIENCES, USERTYPES

from ..pipeline import DEFAULT_CONTENT, DEFAULT_OUT, find_project


class UsageError(Exception):
    """A bad command-line value; shown as one line, exit 2."""


def moment(text: str):
    """An argparse type for ``--at`` and the other moments, with front matter's guess for a date
    written another way (``31/01/2027``: did you mean 2027-01-31?).

    >>> moment("31/01/2027")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, got '31/01/2027' (did you mean 2027-01-31?)
    """
    try:
        return to_moment(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e) + calendar_hint(text)) from None


def country(text: str):
    try:
        chosen = Visitor.from_values(country=text).country
        if chosen is None:  # an empty value is "unknown" for a query parameter, a mistake here
            raise ValueError(f"country: expected an ISO 3166-1 alpha-2 country code like US, got {text!r}")
        return chosen
    except ValueError as e:
        # argparse already names the option: keep only what was expected and found.
        raise argparse.ArgumentTypeError(str(e).removeprefix("country: ") + Country.familiar_hint(text)) from None


def add_content(p):
    p.add_argument("--content", type=Path, default=None, metavar="DIR",
                   help=f"content folder with articles/, notices.yml, synonyms.yml (default: the {DEFAULT_CONTENT}/ "
                        "folder of the project found from the working directory up)")


def add_out(p):
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help=f"output folder holding the releases of site and index (default: the project's "
                        f"{DEFAULT_OUT}/, else ./{DEFAULT_OUT})")


def resolve_paths(args) -> None:
    """Make --content and --out absolute, from the working directory when given and from the
    project (found like MkDocs finds mkdocs.yml, walking up) when not, before any command runs."""
    cwd = Path.cwd()
    project = None
    if hasattr(args, "content") or hasattr(args, "out"):
        project = find_project(cwd)
    if hasattr(args, "content"):
        if args.content is not None:
            args.content = cwd / args.content
        elif project is not None:
            args.content = project / DEFAULT_CONTENT
        elif not getattr(args, "needs_content", lambda _: True)(args):
            args.content = cwd / DEFAULT_CONTENT  # not read by this run
        else:
            raise UsageError(f"no help-center project in {cwd} or above (a folder with mkdocs.yml and "
                             f"{DEFAULT_CONTENT}/); run it inside the project or pass --content DIR")
    if hasattr(args, "out"):
        if args.out is not None:
            args.out = cwd / args.out
        else:
            args.out = (project or cwd) / DEFAULT_OUT
        check_out(args.out, getattr(args, "content", None))


def check_out(out: Path, content: Path | None) -> None:
    """Refuse an output folder that is a file, or the content folder or inside it (a build would
    write releases among the editors' files, and ``serve --watch`` would rebuild on its own writes).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "notes.txt").write_text("x")
    1
    >>> check_out(root / "output", root / "content")
    >>> for out in (root / "notes.txt", root / "content", root / "content" / "out"):
    ...     try:
    ...         check_out(out, root / "content")
    ...     except UsageError as e:
    ...         print(str(e).replace(str(root), "ROOT"))
    --out ROOT/notes.txt: expected a folder for the releases, found a file
    --out ROOT/content: expected a folder outside the content folder ROOT/content, where the editors' files are
    --out ROOT/content/out: expected a folder outside the content folder ROOT/content, where the editors' files are
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: expected a folder for the releases, found a file")
    if content is not None:
        resolved, inside = out.resolve(), content.resolve()
        if resolved == inside or inside in resolved.parents:
            raise UsageError(f"--out {out}: expected a folder outside the content folder {content}, "
                             "where the editors' files are")


def add_at(p, help_text="the moment to consider, ISO 8601 (default: now)"):
    p.add_argument("--at", type=moment, default=None, metavar="ISO", help=help_text)


def one_of(values):
    """An argparse type for a value of ``values``, with a did-you-mean for a near miss (argparse's
    own ``choices`` only lists them).

    >>> one_of(AUDIENCES)("client")
    'client'
    >>> one_of(AUDIENCES)("freelancers")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected one of freelancer, agency, client, got 'freelancers' (did you mean 'freelancer'?)
    """
    def parse(text: str) -> str:
        if text in values:
            return text
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(values)}, got {text!r}"
                                         + did_you_mean(text.lower(), values))

    return parse


def add_visitor(p):
    p.add_argument("--audience", type=one_of(AUDIENCES), metavar="{" + ",".join(AUDIENCES) + "}",
                   help="the visitor's audience")
    p.add_argument("--country", type=country, metavar="CC", help="the visitor's country (ISO 3166-1 alpha-2)")
    p.add_argument("--usertype", type=one_of(USERTYPES), metavar="{" + ",".join(USERTYPES) + "}",
                   help="the visitor's account type")
