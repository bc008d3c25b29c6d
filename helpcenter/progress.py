"""Progress lines for long steps, on stderr so that --json output stays clean."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total_steps: int, stream=None, quiet: bool = False):
        self.total = total_steps
        self.step_no = 0
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._started = None

    def step(self, text: str) -> None:
        self._finish()
        self.step_no += 1
        self._started = time.perf_counter()
        self._say(f"[{self.step_no}/{self.total}] {text} ...")

    def detail(self, text: str) -> None:
        self._say(f"      {text}")

    def ticker(self, what: str, every: float = 5.0):
        """A function to call once per item done (a page rendered): it says "<n> <what> (<t> s)" as a
        detail at most every ``every`` seconds, so a long step is never silent.

        >>> import io
        >>> out = io.StringIO()
        >>> tick = Progress(1, stream=out).ticker("pages rendered", every=0)
        >>> tick(), tick()
        (None, None)
        >>> out.getvalue().splitlines()[-1].split(" (")[0]
        '      2 pages rendered'
        """
        started = last = time.perf_counter()
        count = 0

        def tick() -> None:
            nonlocal count, last
            count += 1
            moment = time.perf_counter()
            if moment - last >= every:
                last = moment
                self.detail(f"{count:,} {what} ({moment - started:.0f} s)")

        return tick

    def _finish(self) -> None:
        if self._started is not None:
            self._say(f"      done in {time.perf_counter() - self._started:.1f}s")
            self._started = None

    def done(self, text: str) -> None:
        self._finish()
        self._say(text)

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream, flush=True)
