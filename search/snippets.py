"""Result snippets: a window of the text around the matched terms, matches in <mark>, all else escaped."""
from __future__ import annotations

from html import escape

from .analysis import analyze_with_chars

WINDOW_TOKENS = 30
LEAD_TOKENS = 6


def snippet(text: str, terms: set[str], *, window: int = WINDOW_TOKENS, tokens=None, positions=None) -> str:
    """HTML: ``text`` cut around the densest run of ``terms`` (analyzed terms); ``tokens`` is
    ``analyze_with_chars(text)`` and ``positions`` {term: [token index]} of it, when the caller has
    them already."""
    tokens = analyze_with_chars(text) if tokens is None else tokens
    if not tokens:
        return escape(text[:200]) + ("…" if len(text) > 200 else "")
    if positions is None:
        hits = [i for i, (term, _, _) in enumerate(tokens) if term in terms]
    else:
        hits = sorted(i for term in terms for i in positions.get(term, ()))
    if hits:
        # The window start that covers the most hits (two pointers over the sorted hits), a few
        # tokens before the first of them.
        best, best_count, end = hits[0], 0, 0
        for k, h in enumerate(hits):
            while end < len(hits) and hits[end] < h + window:
                end += 1
            if end - k > best_count:
                best, best_count = h, end - k
        first = max(0, best - LEAD_TOKENS)
    else:
        first = 0
    last = min(len(tokens), first + window) - 1
    start = tokens[first][1] if first > 0 else 0
    end = tokens[last][2] if last < len(tokens) - 1 else len(text)
    out, pos = [], start
    for term, s, e in tokens[first : last + 1]:
        if term in terms:
            out.append(escape(text[pos:s]))
            out.append("<mark>" + escape(text[s:e]) + "</mark>")
            pos = e
    out.append(escape(text[pos:end]))
    html = "".join(out).strip()
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")


def contains_phrase(tokens: tuple[str, ...], phrase: tuple[str, ...], slop: int = 2) -> bool:
    """Whether ``phrase`` occurs in ``tokens`` in order, with at most ``slop`` extra tokens between."""
    if len(phrase) == 1:
        return phrase[0] in tokens
    for i, t in enumerate(tokens):
        if t != phrase[0]:
            continue
        pos, ok = i, True
        for p in phrase[1:]:
            for j in range(pos + 1, min(len(tokens), pos + 2 + slop)):
                if tokens[j] == p:
                    pos = j
                    break
            else:
                ok = False
                break
        if ok:
            return True
    return False
