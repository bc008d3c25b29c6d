"""Atomic releases: each build goes to a fresh folder, and one symlink swap makes it current.

Layout of an output folder::

    out/releases/<stamp>/                          one folder per successful build:
        site/                                      the static site
        index/, index-<code>/                      the Whoosh index of each language
        build.json, notices.json, synonyms.yml     the manifest, the notices, the synonyms searched
        source-revisions.json                      each translated source article's revision and when
                                                   a build first published it (outdated notes)
    out/current -> releases/<stamp>                swapped atomically (rename of a symlink)
    out/site -> current/site, out/index -> current/index   stable paths for web servers

A failed build never touches ``current``; readers (``helpcenter serve`` replicas) notice the new
target of ``current`` and reopen, with no restart.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import threading
from pathlib import Path

KEEP = 3  # older releases kept so a replica still reading one is not cut off mid-request
# One promote at a time in a process, and none once it is stopping (``close``): ``serve --watch``
# builds in a daemon thread, which the interpreter would otherwise stop wherever it is at exit.
_PROMOTING = threading.Lock()
_CLOSED = threading.Event()


class Closed(RuntimeError):
    """A promote asked for after ``close``: the process is stopping, the build is discarded."""


def close(timeout: float = 30.0) -> bool:
    """No more promotes in this process; wait (up to ``timeout`` seconds) for one under way to
    finish, so that the process ends with the previous release current or the new one, never
    between. False when it did not finish in time."""
    _CLOSED.set()
    if not _PROMOTING.acquire(timeout=timeout):
        return False
    _PROMOTING.release()
    return True


class Releases:
    def __init__(self, out_dir: Path | str):
        self.out = Path(out_dir)
        self.root = self.out / "releases"

    def current(self) -> Path | None:
        link = self.out / "current"
        if not link.is_symlink() and not link.is_dir():
            return None
        return link.resolve()

    def stage(self) -> Path:
        """A fresh, empty folder for a build in progress, invisible to readers."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        staging = self.root / f".staging-{stamp}-{os.getpid()}"
        staging.mkdir()
        return staging

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def promote(self, staging: Path, *, prune: bool = True) -> Path:
        """Make a finished staging folder the current release, atomically.

        ``prune=False`` leaves removing old releases to the caller (``prune(keep)``), e.g. in
        the background, so that a new release is served without waiting for it."""
        # Renamed but not current would be neither published nor discarded.
        with _PROMOTING, uninterrupted():
            if _CLOSED.is_set():
                raise Closed("stopping: the new release is not published")
            final = self.root / staging.name.removeprefix(".staging-")
            staging.rename(final)
            tmp_link = self.out / f".current-{os.getpid()}"
            if tmp_link.is_symlink() or tmp_link.exists():
                tmp_link.unlink()
            tmp_link.symlink_to(Path("releases") / final.name)
            os.replace(tmp_link, self.out / "current")
            for name in ("site", "index"):
                stable = self.out / name
                if not stable.is_symlink():
                    if stable.exists():
                        shutil.rmtree(stable)
                    stable.symlink_to(Path("current") / name)
        if prune:
            self.prune(keep=final)
        return final

    def prune(self, keep: Path) -> None:
        releases = sorted(p for p in self.root.iterdir() if not p.name.startswith("."))
        for old in releases[:-KEEP]:
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)
        # Staging folders of builds that crashed (not of ones still running: those have a live pid).
        for stale in self.root.glob(".staging-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def uninterrupted(signums=(signal.SIGINT, signal.SIGTERM)):
    """Hold SIGINT and SIGTERM back until the block is over, then deliver them to the handlers
    that were there before (which stop the command: ``helpcenter.cli``), so that a stopped build
    has either published its release completely or not at all.

    Python runs signal handlers in the main thread only; elsewhere this changes nothing.

    >>> seen = []
    >>> before = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append("handled"))
    >>> with uninterrupted():
    ...     signal.raise_signal(signal.SIGTERM)
    ...     seen.append("block finished")
    >>> seen
    ['block finished', 'handled']
    >>> _ = signal.signal(signal.SIGTERM, before)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: held.append(signum)) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in held:
            signal.raise_signal(signum)


def alive(pid: int) -> bool:
    """Whether a process with this id exists (a staging folder of a build still running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
