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
