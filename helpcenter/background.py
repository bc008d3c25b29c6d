"""One build step run in a second process while the build goes on, so a second core is used.

The full build renders the site with MkDocs and builds the search index: two steps that need
nothing from each other and are each bound by one core. ``Background`` runs a function (by
reference: a module-level function, called with picklable arguments) in a fresh Python process
and hands back what it returns or raises::

    with Background(search.build_index, published, stage / "index", previous=old) as job:
        render(...)                  # meanwhile, in this process
        stats = job.result(progress) # waits; the worker's progress lines are passed on here

The worker is ``python -m helpcenter.background`` started with ``subprocess``: nothing of this
process is inherited (no threads, locks or open files, so it is safe from ``serve --watch``'s
watcher thread), and, unlike ``multiprocessing``'s spawn, it does not import the caller's main
script again. The arguments go down its stdin from a thread (megabytes at 5,000 articles: the
caller renders meanwhile), progress lines and the answer come back as pickles on its stdout; its
stderr is ours. Leaving the ``with`` block without having taken the result (an exception in the
caller) stops the worker and waits for it, so nothing writes into a staging folder once it is
discarded. A caller killed outright (SIGTERM, SIGKILL: no ``with`` block ends) takes its worker with
it on Linux, where the worker asks the kernel for SIGTERM when its parent dies
(``_die_with_parent``): it would otherwise build on for a staging folder the next build removes.

``Background.fed`` starts a worker that is handed items while it runs (the pages MkDocs has
written, one by one): the function gets them as the iterator ``items``, which ends when the
caller calls ``end()``. ``put(item)`` never waits for the worker (a thread sends the items)::

    with Background.fed(follow, site) as job:
        render(written=job.put)      # each page is gzipped in the worker as soon as it is written
        job.end()
        done = job.result()
"""
from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback

_END = None  # put on a fed worker's queue by end(): no more items
_PARENT = "HELPCENTER_BACKGROUND_PARENT"  # the caller's pid, in the worker's environment
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class BackgroundError(Exception):
    """The worker process ended without an answer (killed, or crashed before answering)."""


class Background:
    """``function(*args, progress=callback, **kwargs)`` in another process; see the module's doc."""

    def __init__(self, function, *args, **kwargs):
        self._start(function, args, kwargs, fed=False)

    @classmethod
    def fed(cls, function, *args, **kwargs) -> "Background":
        """``function(*args, items=iterator, progress=callback, **kwargs)`` in another process, the
        items being those given to ``put`` until ``end()``."""
        job = cls.__new__(cls)
        job._start(function, args, kwargs, fed=True)
        return job

    def _start(self, function, args, kwargs, *, fed: bool) -> None:
        self._name = f"{function.__module__}.{function.__qualname__}"
        payload = (function, args, kwargs, fed)
        self._items = queue.SimpleQueue() if fed else None
        self._ended = not fed
        self._process = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
            # The caller's import path: this module as the caller has it, and the function's module
            # (a test's too) importable by the same name.
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
                 _PARENT: str(os.getpid())},
        )
        self._finished = False
        self._sender = threading.Thread(target=self._send, args=(payload,), daemon=True,
                                        name=f"background {self._name}")
        self._sender.start()

    def _send(self, payload) -> None:
        stdin = self._process.stdin
        try:
            pickle.dump(payload, stdin, protocol=pickle.HIGHEST_PROTOCOL)
            if self._items is not None:
                stdin.flush()
                while (item := self._items.get()) is not _END:
                    pickle.dump(item, stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    if self._items.empty():  # a burst goes in one write
                        stdin.flush()
            stdin.close()
        except (BrokenPipeError, OSError, ValueError):  # the worker is gone (or stopped): result() says so
            pass

    def put(self, item) -> None:
        """Hand one more item to a fed worker (see ``fed``); returns at once."""
        if self._ended:
            raise RuntimeError(f"{self._name}: put() after end(), or the worker is not fed")
        self._items.put(item)

    def end(self) -> None:
        """A fed worker's ``items`` end here (its function goes on to return)."""
        if not self._ended:
            self._ended = True
            self._items.put(_END)

    def result(self, progress=None):
        """Wait for the worker; return what the function returned or raise what it raised (a fed
        worker's items end first, if ``end()`` was not called)."""
        progress = progress or (lambda message: None)
        self.end()
        try:
            while True:
                try:
                    kind, value = pickle.load(self._process.stdout)
                except EOFError:
                    status = self._process.wait()
                    raise BackgroundError(f"{self._name} ended without an answer (exit status {status})") from None
                if kind == "progress":
                    progress(value)
                elif kind == "error":
                    raise value
                else:
                    return value
        finally:
            self._finished = True
            self._close()

    def stop(self) -> None:
        """Stop the worker (if it still runs) and wait until it is gone."""
        self._finished = True
        if self._process.poll() is None:
            self._process.kill()
        self.end()  # the sender thread ends (its writes fail on the closed pipe)
        self._close()

    def _close(self) -> None:
        self._process.wait()
        self._sender.join()
        self._process.stdout.close()

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, *exc) -> None:
        if not self._finished:
            self.stop()


def _answer(out, kind: str, value) -> None:
    pickle.dump((kind, value), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _die_with_parent() -> None:
    """Linux: have the kernel send this process SIGTERM when the caller ends, however it ends; if
    it ended already (before this was asked), leave now. Elsewhere nothing is done: a worker whose
    caller was killed then runs to its end (its answer goes nowhere).

    For the kernel the caller is the thread that started the worker, not its process: a worker
    must be started from a thread that outlives it (a build's main thread, or the content watcher
    of ``serve --watch``, which builds in its own long-lived thread)."""
    parent = os.environ.get(_PARENT)
    if not sys.platform.startswith("linux") or not parent:
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: as elsewhere
        return
    if os.getppid() != int(parent):
        os._exit(1)


def _worker() -> int:
    """In the worker: read the call from stdin, run it, send progress lines and the answer on stdout."""
    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything the function prints goes to stderr, not into the answers
    stdin = sys.stdin.buffer
    try:
        function, args, kwargs, fed = pickle.load(stdin)
    except EOFError:  # the caller stopped before sending everything
        return 1
    name = f"{function.__module__}.{function.__qualname__}"
    if fed:
        kwargs = {**kwargs, "items": _items(stdin)}
    try:
        answer = ("result", function(*args, progress=lambda message: _answer(out, "progress", str(message)), **kwargs))
    except BaseException as e:  # noqa: BLE001 - every failure goes back to the caller
        e.add_note(f"(in the background process running {name})\n" + "".join(traceback.format_exception(e)).rstrip())
        answer = ("error", e)
    try:
        pickle.loads(pickle.dumps(answer))  # what cannot make the trip is sent as text
    except Exception as e:  # noqa: BLE001
        what = answer[1]
        text = f"{type(what).__name__}: {what}" + "".join(f"\n{n}" for n in getattr(what, "__notes__", ()))
        answer = ("error", BackgroundError(f"{text}\n(could not be passed back: {e})"))
    _answer(out, *answer)
    return 0


def _items(stdin):
    """A fed worker's items, until the caller's ``end()`` closes its stdin."""
    while True:
        try:
            yield pickle.load(stdin)
        except EOFError:
            return


if __name__ == "__main__":
    sys.exit(_worker())
