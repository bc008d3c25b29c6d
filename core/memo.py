"""Checks that depend on a text alone, remembered for texts seen before.

``helpcenter serve --watch`` validates the whole content tree on every save, but between two
saves all articles but one are the same text: what was found in a text (its HTML policy
findings, its words) is kept, keyed by the text itself, so only the saved article is checked
again. Bounded by the characters of the texts kept: past the bound everything is forgotten at
once and filled again by the next run.
"""
from __future__ import annotations

import threading

MAX_CHARS = 32 * 1024 * 1024  # of texts kept as keys per memo (about 13,000 articles of 2,500 characters)


class TextMemo:
    """``memo(text)`` is ``function(text)``, computed once per distinct text (up to ``max_chars``).

    The results are shared between callers: they must not be changed.

    >>> calls = []
    >>> length = TextMemo(lambda text: calls.append(text) or len(text))
    >>> length("refund"), length("refund"), length("quit"), calls
    (6, 6, 4, ['refund', 'quit'])
    """

    def __init__(self, function, max_chars: int = MAX_CHARS):
        self.function = function
        self.max_chars = max_chars
        self._found: dict[str, object] = {}
        self._chars = 0
        self._lock = threading.Lock()

    def __call__(self, text: str):
        try:
            return self._found[text]
        except KeyError:
            pass
        result = self.function(text)
        with self._lock:
            if self._chars + len(text) > self.max_chars:
                self._found, self._chars = {}, 0
            if text not in self._found:
                self._found[text] = result
                self._chars += len(text)
        return result
