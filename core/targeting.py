"""Who sees what, and when: the one place that decides audience, country, usertype and time windows.

The window rule is stated once, in ``Window.contains``: half-open, ``start <= t < end``, a missing
side open. Articles and notices decide with it; the search index applies the same rule as a range
query over the far ends stored below (search/searcher.py), and the shared vectors in
tests/targeting_vectors.json keep the browser's copy in notices.js to the same rule.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .vocabulary import AUDIENCES, COUNTRIES, USERTYPES

ALL = "all"

# Open-ended windows are stored with explicit far ends, because a search index range query
# silently drops documents that lack the field.
BEGINNING = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
END_OF_TIME = dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc)


def to_moment(value: dt.date | dt.datetime | str) -> dt.datetime:
    """Normalise a date or datetime to an aware UTC datetime.

    A bare date is 00:00 UTC; a naive datetime is taken as UTC.

    >>> to_moment(dt.date(2027, 1, 31))
    datetime.datetime(2027, 1, 31, 0, 0, tzinfo=datetime.timezone.utc)
    >>> to_moment("2027-01-31T09:30:00+02:00")
    datetime.datetime(2027, 1, 31, 7, 30, tzinfo=datetime.timezone.utc)
    >>> to_moment("next week")
    Traceback (most recent call last):
    ValueError: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, got 'next week'
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            if "T" in text or " " in text or ":" in text:
                value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            else:
                value = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                "expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, "
                f"got {value!r}"
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    raise ValueError(
        f"expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z, got {value!r}"
    )


def iso(moment: dt.datetime | None) -> str | None:
    """A moment as ISO 8601 in UTC with a ``Z``, as every output of ours writes it.

    >>> iso(to_moment("2027-01-31T09:30:00+02:00"))
    '2027-01-31T07:30:00Z'
    """
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z") if moment else None


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Window:
    """A validity window, ``start <= t < end``; ``None`` on either side is open."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def contains(self, t: dt.datetime) -> bool:
        """The single statement of the boundary rule.

        >>> w = Window(to_moment("2027-01-01"), to_moment("2027-02-01"))
        >>> w.contains(to_moment("2027-01-01")), w.contains(to_moment("2027-02-01"))
        (True, False)
        """
        return (self.start is None or self.start <= t) and (self.end is None or t < self.end)

    def ended(self, t: dt.datetime) -> bool:
        """Whether the window closed at or before ``t`` (its end is past), as ``contains`` decides.

        >>> w = Window(None, to_moment("2027-02-01"))
        >>> w.ended(to_moment("2027-02-01")), w.ended(to_moment("2027-01-31T23:59:59Z")), Window().ended(END_OF_TIME)
        (True, False, False)
        """
        return self.end is not None and not Window(None, self.end).contains(t)

    @property
    def start_or_beginning(self) -> dt.datetime:
        return self.start or BEGINNING

    @property
    def end_or_never(self) -> dt.datetime:
        return self.end or END_OF_TIME

    def __str__(self) -> str:
        def fmt(t):
            return t.strftime("%Y-%m-%d %H:%M UTC") if t else "open"

        return f"{fmt(self.start)} – {fmt(self.end)}"


@dataclass(frozen=True)
class Visitor:
    """Who is looking. ``None`` means unknown: such a visitor only sees what targets everyone."""

    audience: str | None = None
    country: str | None = None
    usertype: str | None = None

    @classmethod
    def from_values(cls, audience=None, country=None, usertype=None) -> "Visitor":
        """A visitor from untrusted values (query parameters, options); empty means unknown.

        >>> Visitor.from_values(" Client ", "us", "")
        Visitor(audience='client', country='US', usertype=None)
        >>> Visitor.from_values(country="XX")
        Traceback (most recent call last):
        ValueError: country: expected an ISO 3166-1 alpha-2 country code like US, got 'XX'
        """
        def clean(name, value, allowed, normalise):
            if value is None:
                return None
            text = normalise(value.strip()) if isinstance(value, str) else value
            if text == "":
                return None
            if text not in allowed:
                expected = ("an ISO 3166-1 alpha-2 country code like US" if name == "country"
                            else "one of " + ", ".join(allowed))
                raise ValueError(f"{name}: expected {expected}, got {value!r}")
            return text

        return cls(
            audience=clean("audience", audience, AUDIENCES, str.lower),
            country=clean("country", country, COUNTRIES, str.upper),
            usertype=clean("usertype", usertype, USERTYPES, str.lower),
        )


@dataclass(frozen=True)
class Targeting:
    """Whom an article or notice is for. ``ALL`` on an axis matches every visitor, known or not."""

    audience: tuple[str, ...] | str = ALL
    country: tuple[str, ...] | str = ALL
    usertype: tuple[str, ...] | str = ALL

    def matches(self, visitor: Visitor, *, unknown_matches_any: bool = False) -> bool:
        """Whether this targeting includes the visitor.

        An axis the visitor left unknown matches only ``all``, as notices need ("with no visitor
        data, only notices for everyone"); search passes ``unknown_matches_any=True`` because an
        unfiltered search should find every public article.
        """
        return all(
            _axis_matches(allowed, value, unknown_matches_any)
            for allowed, value in (
                (self.audience, visitor.audience),
                (self.country, visitor.country),
                (self.usertype, visitor.usertype),
            )
        )

    def index_terms(self) -> dict[str, tuple[str, ...]]:
        """How this targeting is stored in a search index: the allowed values, or ``all``."""
        return {
            axis: (ALL,) if allowed == ALL else tuple(allowed)
            for axis, allowed in (
                ("audience", self.audience),
                ("country", self.country),
                ("usertype", self.usertype),
            )
        }

    def describe(self) -> dict[str, str]:
        """The human-readable applicability, as shown on every page."""

        def words(axis, everyone):
            return everyone if axis == ALL else ", ".join(axis)

        return {
            "audience": words(self.audience, "everyone"),
            "country": words(self.country, "all countries"),
            "usertype": words(self.usertype, "all account types"),
        }


def _axis_matches(allowed, value: str | None, unknown_matches_any: bool) -> bool:
    if allowed == ALL:
        return True
    if value is None:
        return unknown_matches_any
    return value in allowed


def visitor_index_terms(value: str | None) -> tuple[str, ...] | None:
    """The index terms an axis must carry to be shown to a visitor with this value.

    The same rule as ``Targeting.matches`` expressed for an index filter: a known value
    matches documents stored with that value or ``all``; ``None`` (unknown) filters nothing.
    """
    return None if value is None else (ALL, value)
