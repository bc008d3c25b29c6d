"""The `helpcenter` command line: one sub-command per module of helpcenter.commands."""
from __future__ import annotations

import argparse
import os
import signal
import sys

from core.problems import ContentError
from publish.release import Releases

from . import commands
from .commands.options import UsageError, resolve_paths
from .pipeline import BuildError


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors are one line, as every other error of the command line
    ("helpcenter notices: argument --country: ... (see helpcenter notices --help)"), not the usage
    block first."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="helpcenter",
        description="Build, check, search and serve the help center.",
    )
    top.add_argument("--debug", action="store_true", help="show Python tracebacks for unexpected errors")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in commands.ALL:
        module.add_parser(sub)
    return top


class Terminated(BaseException):
    """SIGTERM, raised where the command is, so that what it was doing is undone as for any other
    failure (a build discards its staging folder and stops its worker; ``current`` stays)."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if extra:  # named by the command they were given to ("helpcenter notices: unrecognized ...")
        _blamed(top, list(sys.argv[1:] if argv is None else argv), extra).error(
            f"unrecognized arguments: {' '.join(extra)}")
    # While `serve` serves, uvicorn has its own SIGTERM handler: it shuts down (in-flight requests,
    # the search log flushed), then, with one worker, raises the signal again, and this one says
    # so; with several, its supervisor returns and `serve` says it stopped.
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread (a test calling main): the default stays
        previous = None
    try:
        return _run(args)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _blamed(top: argparse.ArgumentParser, argv: list[str], extra: list[str]) -> argparse.ArgumentParser:
    """The (sub-)command whose name comes last before the first unknown argument in ``argv``:
    "helpcenter rules list --bogus" is a mistake of `helpcenter rules list`, "helpcenter --bogus
    notices" one of `helpcenter`."""
    first = argv.index(extra[0]) if extra[0] in argv else len(argv)
    parser = top
    for token in argv[:first]:
        commands_ = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if commands_ and token in commands_[0].choices:
            parser = commands_[0].choices[token]
    return parser


_UNKNOWN = object()  # what was current before a build: not read yet


def _run(args) -> int:
    released_before = _UNKNOWN
    try:
        resolve_paths(args)
        if args.command == "build":
            released_before = Releases(args.out).current()
        return args.run(args) or 0
    except ContentError as e:
        for problem in e.problems.items:
            print(problem, file=sys.stderr)
        print(e.problems.summary(e.strict), file=sys.stderr)
        return 1
    except BuildError as e:
        print(f"Build failed, the previous release is untouched: {e}", file=sys.stderr)
        return 1
    except UsageError as e:
        print(f"helpcenter {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        if args.command == "build":
            print(f"helpcenter build: stopped (Ctrl+C){_release_after_stop(args, released_before)}", file=sys.stderr)
        return 130
    except Terminated:
        print(f"helpcenter {args.command}: stopped (SIGTERM){_release_after_stop(args, released_before)}",
              file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:  # `helpcenter translations | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # Python would report the pipe again at exit
        return 0
    except Exception as e:  # an editor never sees a traceback unless asked
        if args.debug:
            raise
        print(f"helpcenter {args.command}: unexpected error: {type(e).__name__}: {e} (run with --debug for details)", file=sys.stderr)
        return 2


def _release_after_stop(args, released_before) -> str:
    """What a stopped build left published: a release is promoted whole or not at all
    (publish.release.uninterrupted), so either the previous one or the new one is current. Nothing
    is said when the build stopped before it read which one was."""
    if args.command != "build" or released_before is _UNKNOWN:
        return ""
    current = Releases(args.out).current()
    if current == released_before:
        return "; the previous release is untouched"
    return f"; the new release {current.name} was already published"


if __name__ == "__main__":
    sys.exit(main())
