"""The synonym file: multi-way groups, one-way mappings and audience aliases, checked with file:line
errors; English lines under ``synonyms:``, each other language's under ``languages: {code: [...]}``,
analysed with that language's analyzer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core import schema, yamlfile
from core.memo import TextMemo
from core.problems import Problems

from .analysis import ENGLISH, NEGATIVE_WORDS, SOURCE_LANGUAGE, fold, for_language, known_languages, surface_words


@dataclass(frozen=True)
class Variant:
    text: str  # as the editor wrote it, lowercased
    terms: tuple[str, ...]  # analyzed (stemmed) terms


@dataclass(frozen=True)
class SynonymGroup:
    """One line of the file. Typing a ``sources`` variant also searches every ``targets`` variant.

    Multi-way (``a, b, c``): sources == targets. One-way (``a => b``): sources a, targets a and b.
    """

    line: int
    sources: tuple[Variant, ...]
    targets: tuple[Variant, ...]
    one_way: bool

    def expansions(self, typed: Variant) -> tuple[Variant, ...]:
        return (typed, *[v for v in self.targets if v.terms != typed.terms])


@dataclass(frozen=True)
class Bridge:
    """A line of ``bridges:``: words of another language (``sources``, analysed in it) that also
    search ``english`` in the source language, for an article no translation answers yet."""

    line: int
    sources: tuple[Variant, ...]
    english: str
    folded: tuple[tuple[str, ...], ...] = ()  # each source's terms as typed without accents ("autenticacion")


@dataclass(frozen=True)
class Synonyms:
    """The synonyms of one language (``lang``); the source language's also holds every other
    language's (``for_language``). Aliases are words, not language: every language has them."""

    groups: tuple[SynonymGroup, ...] = ()
    aliases: dict = field(default_factory=dict)  # alias (lowercase) -> audience
    _by_terms: dict = field(default_factory=dict, compare=False, repr=False)
    lang: str = SOURCE_LANGUAGE
    languages: dict = field(default_factory=dict)  # code -> Synonyms of that language
    bridges: dict = field(default_factory=dict)  # code -> tuple of Bridge lines of that language

    @classmethod
    def build(cls, groups, aliases, *, lang: str = SOURCE_LANGUAGE, languages=None, bridges=None) -> "Synonyms":
        by_terms = {}
        for group in groups:
            for variant in group.sources:
                by_terms.setdefault(variant.terms, (group, variant))
        return cls(tuple(groups), dict(aliases), by_terms, lang, dict(languages or {}), dict(bridges or {}))

    def bridged(self, lang: str, terms: tuple[str, ...], folded: tuple[str, ...] = ()) -> list[str]:
        """The English words of the ``bridges:`` lines of ``lang`` whose words are in ``terms`` (a
        query analysed in ``lang``), as consecutive terms, or, typed without accents, in ``folded``
        (the query without its accents, analysed so).

        >>> es = for_language("es")
        >>> line = Bridge(3, (Variant("impuestos", es.analyze("impuestos")),), "tax form")
        >>> s = Synonyms.build((), {}, bridges={"es": (line,)})
        >>> s.bridged("es", es.analyze("¿dónde están mis impuestos?")), s.bridged("es", es.analyze("pagos"))
        (['tax form'], [])
        >>> vat = Bridge(4, (Variant("impuesto sobre el valor añadido", es.analyze("impuesto sobre el valor añadido")),), "vat")
        >>> Synonyms.build((), {}, bridges={"es": (line, vat)}).bridged("es", es.analyze("el impuesto sobre el valor añadido"))
        ['vat']
        """
        matches = []  # (length, start, English words) of every bridge word found
        for bridge in self.bridges.get(lang, ()):
            for query, sources in ((terms, [v.terms for v in bridge.sources]), (folded, bridge.folded)):
                for source in sources:
                    n = len(source)
                    matches += [(n, i, bridge.english) for i in range(len(query) - n + 1) if query[i:i + n] == source]
        # The longest first, and none inside it: "impuesto sobre el valor añadido" is VAT, not "impuesto".
        found, taken = [], set()
        for n, i, english in sorted(matches, key=lambda m: (-m[0], m[1])):
            if taken.isdisjoint(range(i, i + n)):
                taken.update(range(i, i + n))
                if english not in found:
                    found.append(english)
        return found

    def for_language(self, lang: str) -> "Synonyms":
        """The synonyms searched in language ``lang`` (none but the aliases for a language without lines)."""
        if lang == self.lang:
            return self
        found = self.languages.get(lang)
        return found if found is not None else Synonyms.build((), self.aliases, lang=lang)

    @property
    def longest(self) -> int:
        return max((len(k) for k in self._by_terms), default=0)

    def lookup(self, terms: tuple[str, ...]):
        """(group, typed variant) for an analyzed term sequence that is a source, else None."""
        return self._by_terms.get(terms)

    def audience_for(self, word: str) -> str | None:
        return self.aliases.get(word.lower())

    def terms_for_fallback(self, article_terms: set[tuple[str, ...]]) -> list[str]:
        """Variants a client-side index should know for an article that contains some of these terms."""
        extra = []
        for group in self.groups:
            reached = [v for v in group.targets if v.terms in article_terms]
            if not reached:
                continue
            # multi-way: every variant; one-way: the sources lead here, never the reverse.
            for v in (group.sources if group.one_way else group.targets):
                if v.text not in extra:
                    extra.append(v.text)
        return extra


EMPTY = Synonyms.build((), {})


def load_synonyms(path: Path, problems: Problems, languages=None) -> Synonyms:
    """Parse and validate ``synonyms.yml``; every problem is reported with its file and line.

    ``languages``: the codes of the help center's languages (``content/languages.yml``), the
    source language first; by default every language search knows. A missing file means no
    synonyms. Invalid lines are reported and left out.
    """
    path = Path(path)
    if not path.exists():
        return EMPTY
    located = yamlfile.read(path, problems, "synonyms")
    if located is None or located.data is None:
        return EMPTY
    # The file's shape (keys, types, audiences of aliases) is core's schema; the lines' meaning is ours.
    where = schema.Where(problems, path, located, line0=1)
    values = schema.SYNONYMS_FILE.validate(located.data, where)
    if values is None:
        return EMPTY
    lines = located.data.get("synonyms")  # the lines the schema found bad are skipped there
    aliases = values["aliases"] or {}
    groups = _parse_groups(path, lines if isinstance(lines, list) else None, located, problems,
                           ("synonyms",), "synonyms", ENGLISH)
    codes = tuple(languages) if languages is not None else known_languages()
    by_language = {}
    raw_languages = located.data.get("languages")  # its shape is the schema's; bad lines are skipped
    for code in raw_languages if isinstance(raw_languages, dict) else ():
        key = f"languages.{code}"
        if code == codes[0]:
            problems.error(path, located.line("languages", code), key,
                           f"the lines of the source language ({code}) go under 'synonyms:'; "
                           f"'languages:' is for {_names(codes[1:])}")
            continue
        if code not in known_languages():
            continue  # reported by the schema
        if code not in codes:
            problems.error(path, located.line("languages", code), key,
                           f"expected a language of the help center ({_names(codes[1:])}), got {code!r}"
                           f"{_language_hint(code, codes)}")
            continue
        raw = raw_languages[code]
        groups_of = _parse_groups(path, raw if isinstance(raw, list) else None, located, problems,
                                  ("languages", code), key, for_language(code))
        by_language[code] = Synonyms.build(groups_of, aliases, lang=code)
    bridges = _parse_bridges(path, located, problems, codes)
    return Synonyms.build(groups, aliases, languages=by_language, bridges=bridges)


def _parse_bridges(path, located, problems, codes) -> dict:
    """``bridges: {code: ["a, b => english words", ...]}``: each line's words in that language, and
    the English words they also search (checked: English words the source analysis keeps)."""
    found = {}
    raw = located.data.get("bridges")  # its shape is the schema's
    for code in raw if isinstance(raw, dict) else ():
        key = f"bridges.{code}"
        if code not in known_languages():
            continue  # reported by the schema
        if code == codes[0] or code not in codes:
            problems.error(path, located.line("bridges", code), key,
                           f"expected another language of the help center ({_names(codes[1:])}), got {code!r}"
                           f"{_language_hint(code, codes[1:])}")
            continue
        lines, analysis = [], for_language(code)
        for i, entry in enumerate(raw[code] if isinstance(raw[code], list) else ()):
            if not isinstance(entry, str):
                continue  # reported by the schema
            line = located.line("bridges", code, i)
            left, arrow, right = entry.partition("=>")
            english = " ".join(right.split()).lower()
            if not arrow or "=>" in right or not english:
                problems.error(path, line, key, f"expected a line like 'impuestos, formulario fiscal => tax form' "
                                                f"(its words, =>, the English words they also search), got {entry!r}")
                continue
            sources = _variants(path, line, left, problems, key, analysis)
            if not sources:
                if sources is not None:
                    problems.error(path, line, key, f"expected words before '=>', got {entry!r}")
                continue
            if not ENGLISH.analyze(english):
                problems.error(path, line, key, f"'{english}' is only stop words or punctuation, so it can never "
                                                 "match; use more specific English words")
                continue
            lines.append(Bridge(line, sources, english, tuple(analysis.analyze(fold(v.text)) for v in sources)))
        found[code] = tuple(lines)
    return found


def _names(codes) -> str:
    return ", ".join(codes) if codes else "no other language: content/languages.yml lists only the source language"


def _language_hint(code: str, codes) -> str:
    close = schema.closest(code, codes) if isinstance(code, str) else None
    return f" (did you mean '{close}'?)" if close else ""


def _parse_groups(path, raw, located, problems, at=("synonyms",), key="synonyms", analysis=ENGLISH) -> list[SynonymGroup]:
    """The groups of one language's lines (``at``: where they are in the file, ``key``: how the
    errors name them), analysed with that language's ``analysis``."""
    if raw is None:
        return []
    groups: list[SynonymGroup] = []
    seen_text: dict[str, int] = {}  # source term -> line
    seen_terms: dict[tuple, tuple[str, int]] = {}  # analyzed source terms -> (term, line)
    for index, entry in enumerate(raw):
        line = located.line(*at, index)
        if not isinstance(entry, str):  # reported by the schema
            continue
        one_way = "=>" in entry
        if one_way:
            left, _, right = entry.partition("=>")
            if "=>" in right:
                problems.error(path, line, key, f"expected one '=>' in a one-way line, got {entry!r}")
                continue
        else:
            left, right = entry, ""
        sources = _variants(path, line, left, problems, key, analysis)
        targets = _variants(path, line, right, problems, key, analysis) if one_way else sources
        if sources is None or targets is None:
            continue
        if not sources or (one_way and not targets) or (not one_way and len(sources) < 2):
            arrow = next((a for a in ("->", "=", ">", "→") if a in entry), None) if not one_way else None
            hint = f" (a one-way line is written with =>, not {arrow})" if arrow else ""
            problems.error(path, line, key,
                           f"expected at least two terms ({'a => b' if one_way else 'a, b'}), got {entry!r}{hint}")
            continue
        ok = True
        for v in sources:
            if v.text in seen_text:
                problems.error(path, line, key, f"'{v.text}' is already in the line on line {seen_text[v.text]}; a term may appear in one line only")
                ok = False
            elif v.terms in seen_terms:
                other, other_line = seen_terms[v.terms]
                problems.error(path, line, key,
                               f"'{v.text}' is searched as '{' '.join(v.terms)}', the same as '{other}' on line {other_line}; "
                               "keep one of them")
                ok = False
        if one_way:
            for v in targets:
                if any(v.terms == s.terms for s in sources):
                    problems.error(path, line, key, f"'{v.text}' maps to itself")
                    ok = False
        if not ok:
            continue
        for v in sources:
            seen_text[v.text] = line
            seen_terms[v.terms] = (v.text, line)
        groups.append(SynonymGroup(line, sources, targets if one_way else sources, one_way))
    _check_cycles(path, groups, problems, key)
    return groups


def _variants(path, line, text, problems, key="synonyms", analysis=ENGLISH) -> tuple[Variant, ...] | None:
    variants, seen = [], set()
    for raw in text.split(","):
        term = " ".join(raw.lower().split())
        if not term:
            continue
        terms = analysis.analyze(term)
        if not terms:
            problems.error(path, line, key, f"'{term}' is only stop words or punctuation, so it can never match; "
                                                   "use a more specific term")
            return None
        if terms in seen:
            problems.error(path, line, key, f"'{term}' appears twice in this line (as '{' '.join(terms)}')")
            return None
        seen.add(terms)
        variants.append(Variant(term, terms))
    return tuple(variants)


def _check_cycles(path, groups: list[SynonymGroup], problems, key="synonyms") -> None:
    """One-way lines that lead back to where they started (a => b, b => a) make both directions
    equivalent, which is what a multi-way line is for."""
    edges: dict[tuple, list[tuple]] = {}
    line_of: dict[tuple, int] = {}
    text_of: dict[tuple, str] = {}
    for g in groups:
        if not g.one_way:
            continue
        for s in g.sources:
            line_of[s.terms] = g.line
            text_of[s.terms] = s.text
            edges.setdefault(s.terms, []).extend(t.terms for t in g.targets)
            for t in g.targets:
                text_of.setdefault(t.terms, t.text)
    reported = set()
    for start in edges:
        stack = [(start, (start,))]
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt == start:
                    cycle = frozenset(trail)
                    if cycle not in reported:
                        reported.add(cycle)
                        names = " => ".join(text_of[t] for t in (*trail, start))
                        problems.error(path, line_of[start], key,
                                       f"one-way lines form a cycle ({names}); write one multi-way line instead")
                elif nxt not in trail and nxt in edges:
                    stack.append((nxt, (*trail, nxt)))


def check_collisions(synonyms: Synonyms, articles, path: Path, problems: Problems) -> None:
    """Warn about one-word terms of the English lines built on a shorter word of the articles that
    stems the same: "rating" is searched as "rate", so "hourly rate" in an article, or typed in a
    search, would also search "feedback" and "review"; "hourly" is searched as "hour", so every
    question about logged hours would also search "per hour". Words made by adding an ending to
    the term ("refunds", "withdrawal" for "withdraw") are the same word, and the terms a one-way
    line leads to are never typed, so neither is reported."""
    checked = []  # (group, variant, the shorter words that would collide with it)
    for group in synonyms.groups:
        for variant in group.sources:
            if len(variant.terms) != 1 or " " in variant.text:
                continue
            checked.append((group, variant, _shorter_words(variant.text, variant.terms[0])))
    found = _articles_with(sorted({w for _, _, words in checked for w in words}), articles)
    for group, variant, words in checked:
        term = variant.text
        others = {w: found[w] for w in words if w in found}
        if not others:
            continue
        where = sorted({i for ids in others.values() for i in ids})
        rest = list(dict.fromkeys(v.text for v in (*group.sources, *group.targets) if v.text != term))
        problems.warning(
            path, group.line, "synonyms",
            f"'{term}' is searched as '{variant.terms[0]}', like {_listed(sorted(others), 4)} in the articles "
            f"({_listed(where, 3, quote=False)}): a search for {'them' if len(others) > 1 else 'it'} would "
            f"also search {_listed(rest, 3)}; use a phrase ('{term} ...') or make '{term}' the target of a "
            "one-way line")


def _shorter_words(term: str, stem: str) -> set[str]:
    """Every word shorter than ``term`` that stems like it and that ``term`` is built on (its root,
    without a final e or y, begins ``term``): the words ``check_collisions`` looks for. Such a word
    is a beginning of ``term``, or one with an e or a y added."""
    words = set()
    for end in range(len(term)):
        for word in (term[:end], term[:end] + "e", term[:end] + "y"):
            if 0 < len(word) < len(term) and term.startswith(_root(word)) and _analyzed(word) == (stem,):
                words.add(word)
    return words


def _articles_with(words: list[str], articles) -> dict[str, set]:
    """{word: ids of the articles that have it}, for the few words ``check_collisions`` looks for.

    Splitting every article into words costs ~3 us a word (1.2 s for 1,000 articles). A word of
    plain ASCII letters that stands alone (no letter, digit, dot, apostrophe or hyphen beside it)
    is a word of the text: one regular expression finds those. Where a word is absent that way but
    could still come out of the text's splitting (beside a dot, an apostrophe or a hyphen, inside
    "u.s"-like tokens, after a Kelvin sign's lower case), the text is split as ``surface_words``
    does, so the answer is always the same as splitting every text."""
    found: dict[str, set] = {}
    if not words:
        return found
    plain = all(w.isascii() and w.isalpha() and w != "not" and w not in NEGATIVE_WORDS for w in words)
    if plain:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        alone = re.compile(rf"(?<![\w.'’-])(?ai:{alternatives})(?![\w'’-]|\.\w)")
        apart = re.compile(rf"(?<!\w)(?ai:{alternatives})(?!\w)")
    for article in articles:
        text = " ".join((article.title, " ".join(article.keywords), article.summary, article.intro,
                         *(f"{s.title} {s.text}" for s in article.sections)))
        if plain and "\u212a" not in text:
            present = {m.group().lower() for m in alone.finditer(text)}
            if len(present) < len(words):
                missing = set(words) - present
                if any(m.group().lower() in missing for m in apart.finditer(text)) or (
                        _DOTTED.search(text) and any(w in text.lower().replace(".", "") for w in missing)):
                    present = {w for w in words if w in _words(text)}
        else:
            present = {w for w in words if w in _words(text)}
        for word in present:
            found.setdefault(word, set()).add(article.id)
    return found


_DOTTED = re.compile(r"\w\.\w")
_analyzed = lru_cache(maxsize=4096)(lambda word: tuple(ENGLISH.analyze(word)))

# The distinct words of an article's text, remembered per text (serve --watch checks every
# article again on each save).
_words = TextMemo(lambda text: frozenset(surface_words(text)))


def _root(word: str) -> str:
    return word[:-1] if word[-1:] in ("e", "y") else word


def _listed(items, most: int, quote: bool = True) -> str:
    shown = [repr(i) if quote else i for i in items[:most]]
    return ", ".join(shown) + (", ..." if len(items) > most else "")
