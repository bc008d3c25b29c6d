"""One build step run in a second process while the build goes on, so a second core is used.

The full build renders the site with MkDocs and builds the search index: two steps that need
nothing from each other and are each bound by one core. ``Background`` runs a function (by
reference: the function of a module, called with picklable arguments) in a fresh Python process
("spawn": nothing of the parent, and none of its threads, is inherited, so it is safe from
``serve --watch``'s watcher thread too) and hands back what it returns or raises::

    with Background(search.build_index, published, stage / "index", previous=old) as job:
        render(...)                  # meanwhile, in this process
        stats = job.result(progress) # waits; the worker's progress lines are passed on here

Leaving the ``with`` block without having taken the result (an exception in the caller) stops
the worker and waits for it, so nothing writes into a staging folder once it is discarded.
"""
from __future__ import annotations

import multiprocessing
import pickle
import traceback

_CONTEXT = multiprocessing.get_context("spawn")


class BackgroundError(Exception):
    """The worker process ended without an answer (killed, or crashed in C)."""


def _run(conn, function, args, kwargs) -> None:
    """In the worker: call ``function``, sending progress lines, then its result or its exception."""
    def progress(message: str) -> None:
        conn.send(("progress", str(message)))

    try:
        try:
            answer = ("result", function(*args, progress=progress, **kwargs))
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the build
            e.add_note(f"(in the background process running {function.__module__}.{function.__qualname__})\n"
                       + "".join(traceback.format_exception(e)).rstrip())
            answer = ("error", e)
        try:
            pickle.loads(pickle.dumps(answer))  # what cannot make the trip is sent as text
        except Exception as e:  # noqa: BLE001
            what = answer[1]
            text = f"{type(what).__name__}: {what}" + "".join(f"\n{n}" for n in getattr(what, "__notes__", ()))
            answer = ("error", BackgroundError(f"{text}\n(could not be passed back: {e})"))
        conn.send(answer)
    finally:
        conn.close()


class Background:
    """``function(*args, progress=callback, **kwargs)`` in another process; see the module's doc."""

    def __init__(self, function, *args, **kwargs):
        self._name = f"{function.__module__}.{function.__qualname__}"
        self._conn, child = _CONTEXT.Pipe(duplex=False)
        self._process = _CONTEXT.Process(target=_run, args=(child, function, args, kwargs),
                                         name=f"background {self._name}", daemon=True)
        self._process.start()
        child.close()
        self._finished = False

    def result(self, progress=None):
        """Wait for the worker; return what the function returned or raise what it raised."""
        progress = progress or (lambda message: None)
        try:
            while True:
                try:
                    kind, value = self._conn.recv()
                except EOFError:
                    self._process.join()
                    raise BackgroundError(f"{self._name} ended without an answer "
                                          f"(exit status {self._process.exitcode})") from None
                if kind == "progress":
                    progress(value)
                    continue
                if kind == "error":
                    raise value
                return value
        finally:
            self._finished = True
            self._process.join()
            self._conn.close()

    def stop(self) -> None:
        """Stop the worker (if it still runs) and wait until it is gone."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self._finished = True

    def __enter__(self) -> "Background":
        return self

    def __exit__(self, *exc) -> None:
        if not self._finished:
            self.stop()
