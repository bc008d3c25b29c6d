"""The rules engine's sentences in every language: one catalogue per language, one formatter.

Each language is a module of this package named by its code (``en.py``, ``es.py``, ``fr.py``):
adding a language is adding a file. A catalogue holds

- ``MESSAGES``: every sentence, by key. The keys are the consequence codes (``hourly.time-paid``;
  a code said in several ways has one key per way, such as ``payment.available.milestone``),
  ``otherwise.<rule id>`` (why a rule did not fire), ``otherwise`` (the default reason) and
  ``explain.*`` (the fixed words of ``helpcenter rules explain`` and the explain API).
- ``LANGUAGE``: how that language writes numbers, amounts, moments, durations and plurals.

English (``en``) is the source: the rules produce their English sentences from it, and every
other catalogue must have exactly its keys, each with exactly the same placeholders
(``check_catalogue``; ``tests/test_rules_messages.py`` runs it for every configured language).

A message is text with placeholders in braces, a small subset of ICU MessageFormat:

- ``{name}``: the value, written the language's way (a number, a moment, a duration; text as is);
- ``{name, amount}``: an amount of money with its two decimals; ``{name, weekday}``: a moment
  with its day of the week;
- ``{name, select, agency {...} other {...}}``: the branch named by the value (``other`` is
  required and taken for any value not listed); used for words that change with who someone is;
- ``{name, plural, one {# hour} other {# hours}}``: the branch for the number's plural category
  in that language (``=1`` matches exactly 1), ``#`` being the number written the language's way.

Apostrophes are ordinary characters (unlike ICU); braces are always placeholders.

>>> render("en", "hourly.ineligible-time-unpaid", {"hours": Decimal("2")})
'Ending the contract does not pay for 2 hours of logged time that is not eligible.'
>>> render("fr", "hourly.ineligible-time-unpaid", {"hours": Decimal("1.5")})
'La fin du contrat ne donne lieu à aucun paiement pour 1,5 heure de temps enregistré non éligible.'
>>> render("es", "hourly.ineligible-time-unpaid", {"hours": Decimal("1.5")})
'Finalizar el contrato no paga 1.5 horas de tiempo registrado que no es admisible.'
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from types import ModuleType

SOURCE = "en"
STYLES = ("amount", "weekday")
CHOICES = ("select", "plural")


# -- how a language writes values ----------------------------------------------------------------
@dataclass(frozen=True)
class Language:
    """How one language writes the values messages hold.

    ``moment(local, weekday)`` writes a moment already in the reader's time zone (with the zone's
    abbreviation), ``plural(n)`` names the plural category (``one`` or ``other``) of a number,
    ``units`` are the (singular, plural) words for day, hour and minute in a duration.
    """

    code: str
    decimal: str  # the decimal separator
    group: str  # the thousands separator ("" for none)
    group_from: int  # group the digits of whole parts at least this long (5: 1234 but 12 345)
    moment: object  # Callable[[datetime, bool], str]
    plural: object  # Callable[[Decimal], str]
    units: dict  # {"day": (singular, plural), "hour": ..., "minute": ...}
    join: str  # between the parts of a duration: " and ", " et "

    def number(self, value: Decimal | int) -> str:
        """A number as exact as it is given, without trailing zeros: 12.5, 12,5, 1 234,5."""
        return self._digits(format(Decimal(value).normalize(), "f"))

    def amount(self, value: Decimal) -> str:
        """An amount of money with its two decimals: 443.75, 443,75."""
        return self._digits(format(Decimal(value).quantize(Decimal("0.01")), "f"))

    def duration(self, window: timedelta) -> str:
        """A duration in days, hours and minutes, leaving out the parts that are zero."""
        minutes = int(window.total_seconds() // 60)
        parts = []
        for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
            count, minutes = divmod(minutes, size)
            if count:
                singular, plural = self.units[unit]
                parts.append(f"{self.number(count)} {singular if self.plural(Decimal(count)) == 'one' else plural}")
        if not parts:
            return f"0 {self.units['minute'][1]}"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + self.join + parts[-1]

    def _digits(self, text: str) -> str:
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = whole.lstrip("-")
        if self.group and len(whole) >= self.group_from:
            groups = []
            while len(whole) > 3:
                whole, tail = whole[:-3], whole[-3:]
                groups.insert(0, tail)
            whole = self.group.join([whole, *groups])
        return sign + whole + (self.decimal + fraction if fraction else "")


# -- parsing messages ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Placeholder:
    name: str
    style: str = ""  # "", "amount" or "weekday"


@dataclass(frozen=True)
class Choice:
    name: str
    kind: str  # "select" or "plural"
    branches: tuple  # ((key, nodes), ...)


class MessageError(ValueError):
    """A message that cannot be parsed: what is wrong and where (a character offset)."""


_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*")
_KEY = re.compile(r"\s*(=?[A-Za-z0-9_-]+)\s*")


def parse(text: str) -> tuple:
    """The message as nodes: text (str), Placeholder and Choice.

    >>> parse("Paid {paid, amount} for {hours, plural, one {# hour} other {# hours}}.")
    ('Paid ', Placeholder(name='paid', style='amount'), ' for ', Choice(name='hours', kind='plural', branches=(('one', ('#', ' hour')), ('other', ('#', ' hours')))), '.')
    >>> parse("{a, select, x {1}}")
    Traceback (most recent call last):
    rules_engine.messages.MessageError: {a, select, ...} needs an 'other' branch, at character 0
    >>> parse("an {} empty")
    Traceback (most recent call last):
    rules_engine.messages.MessageError: expected a placeholder name after '{', at character 3
    """
    nodes, end = _parse(text, 0, in_plural=False)
    if end != len(text):
        raise MessageError(f"unexpected '}}', at character {end}")
    return nodes


def _parse(text: str, at: int, *, in_plural: bool) -> tuple[tuple, int]:
    nodes: list = []
    plain = []
    while at < len(text):
        char = text[at]
        if char == "}":
            break
        if char == "#" and in_plural:
            nodes.extend(["".join(plain), "#"] if plain else ["#"])
            plain = []
            at += 1
            continue
        if char != "{":
            plain.append(char)
            at += 1
            continue
        if plain:
            nodes.append("".join(plain))
            plain = []
        node, at = _placeholder(text, at)
        nodes.append(node)
    if plain:
        nodes.append("".join(plain))
    return tuple(nodes), at


def _placeholder(text: str, start: int):
    name = _NAME.match(text, start + 1)
    if not name:
        raise MessageError(f"expected a placeholder name after '{{', at character {start}")
    at = name.end()
    if text.startswith("}", at):
        return Placeholder(name.group(1)), at + 1
    if not text.startswith(",", at):
        raise MessageError(f"expected ',' or '}}' after {{{name.group(1)}, at character {at}")
    kind = _NAME.match(text, at + 1)
    if not kind:
        raise MessageError(f"expected a style after {{{name.group(1)},, at character {at}")
    at = kind.end()
    style = kind.group(1)
    if style in STYLES:
        if not text.startswith("}", at):
            raise MessageError(f"expected '}}' after {{{name.group(1)}, {style}, at character {at}")
        return Placeholder(name.group(1), style), at + 1
    if style not in CHOICES:
        raise MessageError(f"unknown style {style!r} in {{{name.group(1)}, ...}}; expected one of "
                           f"{', '.join(STYLES + CHOICES)}, at character {start}")
    if not text.startswith(",", at):
        raise MessageError(f"expected ',' and branches after {{{name.group(1)}, {style}, at character {at}")
    at += 1
    branches = []
    while True:
        key = _KEY.match(text, at)
        if not key:
            break
        at = key.end()
        if not text.startswith("{", at):
            raise MessageError(f"expected '{{' after branch {key.group(1)!r}, at character {at}")
        nodes, at = _parse(text, at + 1, in_plural=style == "plural")
        if not text.startswith("}", at):
            raise MessageError(f"branch {key.group(1)!r} is not closed with '}}', at character {at}")
        branches.append((key.group(1), nodes))
        at += 1
    while at < len(text) and text[at].isspace():
        at += 1
    if not text.startswith("}", at):
        raise MessageError(f"expected '}}' to close {{{name.group(1)}, {style}, ...}}, at character {at}")
    keys = [key for key, _ in branches]
    if "other" not in keys:
        raise MessageError(f"{{{name.group(1)}, {style}, ...}} needs an 'other' branch, at character {start}")
    if len(set(keys)) != len(keys):
        raise MessageError(f"{{{name.group(1)}, {style}, ...}} has a branch twice, at character {start}")
    if style == "plural":
        wrong = [k for k in keys if k not in ("zero", "one", "two", "few", "many", "other") and not re.fullmatch(r"=\d+", k)]
        if wrong:
            raise MessageError(f"{{{name.group(1)}, plural, ...}}: {wrong[0]!r} is not a plural category "
                               f"(one, other, or =N), at character {start}")
    return Choice(name.group(1), style, tuple(branches)), at + 1


def names(nodes: tuple) -> frozenset[str]:
    """Every placeholder name a parsed message uses, in any branch.

    >>> sorted(names(parse("{a} {b, select, x {{c}} other {}}")))
    ['a', 'b', 'c']
    """
    found = set()
    for node in nodes:
        if isinstance(node, Placeholder):
            found.add(node.name)
        elif isinstance(node, Choice):
            found.add(node.name)
            for _, branch in node.branches:
                found |= names(branch)
    return frozenset(found)


# -- the catalogues ------------------------------------------------------------------------------
def _discover() -> tuple[str, ...]:
    found = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return (SOURCE, *(code for code in found if code != SOURCE))


LANGUAGES: tuple[str, ...] = _discover()  # the source language first
_MODULES: dict[str, ModuleType] = {}
_PARSED: dict[tuple[str, str], tuple] = {}


def catalogue(lang: str) -> ModuleType:
    """The catalogue module of `lang`; a KeyError names the languages there are."""
    if lang not in LANGUAGES:
        raise KeyError(f"no rules messages in {lang!r}; languages: {', '.join(LANGUAGES)}")
    if lang not in _MODULES:
        _MODULES[lang] = importlib.import_module(f"{__name__}.{lang}")
    return _MODULES[lang]


def _message(lang: str, key: str) -> tuple[str, tuple]:
    """(the language the message was found in, its parsed nodes); English when `lang` lacks it."""
    messages = catalogue(lang).MESSAGES
    if key not in messages:
        if lang == SOURCE:
            raise KeyError(f"no English message {key!r} in rules_engine/messages/en.py")
        # A missing translation fails tests/test_rules_messages.py, never a reader: say it in English.
        return _message(SOURCE, key)
    cached = _PARSED.get((lang, key))
    if cached is None:
        cached = _PARSED[(lang, key)] = parse(messages[key])
    return lang, cached


def has(lang: str, key: str) -> bool:
    return key in catalogue(lang).MESSAGES


def render(lang: str, key: str, args: dict | None = None, zone: tzinfo | None = None) -> str:
    """The message `key` in `lang` with `args`; moments are given in `zone` (default UTC)."""
    found, nodes = _message(lang, key)
    return _render(nodes, args or {}, catalogue(found).LANGUAGE, zone or timezone.utc, None)


def _render(nodes: tuple, args: dict, language: Language, zone: tzinfo, count: str | None) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(count if node == "#" and count is not None else node)
        elif isinstance(node, Placeholder):
            out.append(_value(args[node.name], node.style, language, zone))
        else:
            value = args[node.name]
            if node.kind == "select":
                branches = dict(node.branches)
                chosen = branches.get(_selector(value), branches["other"])
                out.append(_render(chosen, args, language, zone, count))
            else:
                number = Decimal(value)
                branches = dict(node.branches)
                exact = f"={number.normalize():f}"
                chosen = branches.get(exact) or branches.get(language.plural(number)) or branches["other"]
                out.append(_render(chosen, args, language, zone, language.number(number)))
    return "".join(out)


def _selector(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


def _value(value: object, style: str, language: Language, zone: tzinfo) -> str:
    if style == "amount":
        return language.amount(Decimal(value))
    if isinstance(value, datetime):
        return language.moment(value.astimezone(zone), style == "weekday")
    if isinstance(value, timedelta):
        return language.duration(value)
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return language.number(value)
    return str(getattr(value, "value", value))


# -- checking a catalogue against English ----------------------------------------------------------
def check_catalogue(lang: str) -> list[str]:
    """Every problem of `lang`'s catalogue, compared with English: missing and unknown keys,
    messages that do not parse, placeholders that differ. Empty when it is complete.

    >>> check_catalogue("fr")
    []
    """
    problems = []
    source = catalogue(SOURCE).MESSAGES
    module = catalogue(lang)
    where = f"rules_engine/messages/{lang}.py"
    if not isinstance(getattr(module, "LANGUAGE", None), Language):
        problems.append(f"{where}: LANGUAGE: expected a messages.Language")
    messages = getattr(module, "MESSAGES", None)
    if not isinstance(messages, dict):
        return problems + [f"{where}: MESSAGES: expected a dict of key -> message"]
    for key in source:
        if key not in messages:
            problems.append(f"{where}: {key}: missing (English: {source[key]!r})")
    for key in messages:
        if key not in source:
            problems.append(f"{where}: {key}: not an English key (rules_engine/messages/en.py has no such message)")
    for key, text in messages.items():
        if not isinstance(text, str):
            problems.append(f"{where}: {key}: expected text, got {type(text).__name__}")
            continue
        try:
            used = names(parse(text))
        except MessageError as e:
            problems.append(f"{where}: {key}: {e}")
            continue
        if key in source and lang != SOURCE:
            expected = names(parse(source[key]))
            if used != expected:
                missing, extra = sorted(expected - used), sorted(used - expected)
                said = "; ".join(part for part in (
                    f"missing {', '.join('{' + n + '}' for n in missing)}" if missing else "",
                    f"unknown {', '.join('{' + n + '}' for n in extra)}" if extra else "") if part)
                problems.append(f"{where}: {key}: placeholders differ from English ({said})")
    return problems
