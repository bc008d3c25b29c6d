"""Reading API requests the same way in every route: query parameters and JSON bodies.

Query parameters: only known names, each at most once, never empty; visitor values exactly as
core's vocabulary spells them; whole numbers in ASCII digits; moments inside the calendar range.
JSON bodies: the size checked from Content-Length before reading and again while streaming,
nesting depth limited before parsing, every string valid Unicode (no lone surrogates).
Each declaration here also produces the OpenAPI schema of its parameter, so the description
and the validation cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from itertools import accumulate

from starlette.requests import ClientDisconnect, Request

from core.schema import Country, calendar_hint, did_you_mean
from core.targeting import Visitor, to_moment
from core.vocabulary import AUDIENCES, COUNTRIES, USERTYPES

from .errors import ApiError

MAX_DEPTH = 16  # of nested arrays/objects in a JSON body; our bodies need 4
# Exactly the spellings accepted (country codes in upper or lower case, as URLs are often typed).
VISITOR_AXES = {
    "audience": AUDIENCES,
    "country": tuple(sorted(COUNTRIES)) + tuple(sorted(c.lower() for c in COUNTRIES)),
    "usertype": USERTYPES,
}


# -- query parameters ---------------------------------------------------------------------------
def query(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters as one value each; unknown, repeated and empty ones are refused.

    ``q`` may be empty (an empty search); any other parameter given empty is an error, because
    the OpenAPI description says it has a value.
    """
    params = request.query_params
    values = {}
    for name in params.keys():
        if name not in allowed:
            raise ApiError.bad(name, f"unknown parameter; expected {', '.join(allowed)}")
        given = params.getlist(name)
        if len(given) > 1:
            raise ApiError.bad(name, f"expected one value, got {len(given)}")
        if given[0].strip() == "" and name != "q":
            raise ApiError.bad(name, "expected a value, got an empty one")
        values[name] = given[0]
    return values


def visitor(values: dict[str, str]) -> Visitor:
    """The visitor named by audience, country, usertype, each exactly as the vocabulary spells it."""
    for axis, allowed in VISITOR_AXES.items():
        value = values.get(axis)
        if value is not None and value not in allowed:
            if axis == "country":
                expected, hint = "an ISO 3166-1 alpha-2 country code like US", Country.familiar_hint(value)
            else:  # the same guesses as `helpcenter check` makes
                expected, hint = "one of " + ", ".join(allowed), did_you_mean(value, allowed)
            raise ApiError.bad(axis, f"expected {expected}, got {_show(value)}{hint}")
    country = values.get("country")
    return Visitor(values.get("audience"), country.upper() if country else None, values.get("usertype"))


def release_languages(release) -> tuple[str, ...]:
    """The language codes of the release being served (its build.json), the source language
    first; English only for a release built before languages existed."""
    return tuple(release.manifest().get("languages") or ("en",))


def language(values: dict[str, str], allowed: tuple[str, ...]) -> str:
    """``lang``: one of the release's languages exactly as languages.yml spells it; default the
    source language (``allowed[0]``)."""
    text = values.get("lang")
    if text is None:
        return allowed[0]
    if text not in allowed:
        from core.languages import hint

        raise ApiError.bad("lang", f"expected one of the help center's languages {', '.join(allowed)}, "
                                   f"got {_show(text)}{hint(text)}")
    return text


def language_schema(release) -> dict:
    """The OpenAPI schema of ``lang`` for this release (English only while there is no release)."""
    try:
        allowed = release_languages(release)
    except Exception:  # no build yet (503 on every request) or a description without a server
        allowed = ("en",)
    return {"type": "string", "enum": list(allowed)}


def whole_number(values: dict[str, str], name: str, low: int, high: int) -> int | None:
    """A whole number written in ASCII digits (not ``5_0``, not ``٣``), from low to high."""
    text = values.get(name)
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{1,6}", text) or not low <= int(text) <= high:
        raise ApiError.bad(name, f"expected a whole number from {low} to {high}, got {_show(text)}")
    return int(text)


def boolean(values: dict[str, str], name: str) -> bool | None:
    text = values.get(name)
    if text is None:
        return None
    if text not in ("true", "false"):
        raise ApiError.bad(name, f"expected true or false, got {_show(text)}")
    return text == "true"


def moment(values: dict[str, str], name: str) -> dt.datetime | None:
    text = values.get(name)
    return None if text is None else parse_moment(name, text)


def parse_moment(field: str, text: str) -> dt.datetime:
    """An ISO 8601 date or datetime written with a year from 1970 to 9998, as an aware UTC datetime.

    The check is the OpenAPI pattern itself (``MOMENT_PATTERN``), so what the description allows
    is exactly what is accepted; a real calendar date is part of the pattern (no February 30).

    >>> parse_moment("at", "2027-01-31")
    datetime.datetime(2027, 1, 31, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_moment("at", "9999-12-31T23:59:59-12:00")
    Traceback (most recent call last):
    helpcenter.api.errors.ApiError: at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), got '9999-12-31T23:59:59-12:00' (years go from 1970 to 9998)
    >>> parse_moment("at", "31/01/2027")
    Traceback (most recent call last):
    helpcenter.api.errors.ApiError: at: expected a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998), got '31/01/2027' (did you mean 2027-01-31?)
    """
    if not _MOMENT.search(text):
        raise ApiError.bad(field, f"expected {MOMENT_FORMAT}, got {_show(text)}{calendar_hint(text)}")
    return to_moment(text)


def check_year(field: str, text: str) -> None:
    """Refuse an ISO 8601 moment outside the years 1970 to 9998; other text is left to the caller.

    For bodies whose own parser words its format errors (rules scenarios): the range is the same
    in every API, so that adding an offset or a few weeks never leaves Python's calendar.

    >>> check_year("ended_at", "9999-12-20T00:00:00Z")
    Traceback (most recent call last):
    helpcenter.api.errors.ApiError: ended_at: expected a moment in the years 1970 to 9998, got '9999-12-20T00:00:00Z'
    """
    try:
        year = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).year
    except ValueError:
        return
    if not 1970 <= year <= 9998:
        raise ApiError.bad(field, f"expected a moment in the years 1970 to 9998, got {_show(text)}")


MOMENT_FORMAT = "a date like 2027-01-31 or a datetime like 2027-01-31T09:00:00Z (year 1970 to 9998)"
_YEAR = r"(19[7-9][0-9]|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_LEAP = r"(19(7[26]|8[048]|9[26])|([2-8][0-9]|9[0-9])(0[48]|[2468][048]|[13579][26])|([2468][048]|[3579][26])00)"
_DATE = (rf"({_YEAR}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
         rf"|02-(0[1-9]|1[0-9]|2[0-8]))|{_LEAP}-02-29)")
_TIME = r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"
MOMENT_PATTERN = f"^{_DATE}{_TIME}$"
_MOMENT = re.compile(MOMENT_PATTERN)


def parameter_schemas() -> dict[str, dict]:
    """The OpenAPI schema of each shared parameter, from the same declarations as the checks above."""
    return {
        "audience": {"type": "string", "enum": list(AUDIENCES)},
        "country": {"type": "string", "enum": list(VISITOR_AXES["country"])},
        "usertype": {"type": "string", "enum": list(USERTYPES)},
        # A pattern, not format: date-time, because a bare date is accepted too.
        "at": {"type": "string", "pattern": MOMENT_PATTERN},
    }


# -- JSON bodies --------------------------------------------------------------------------------
async def json_body(request: Request, limit: int, *, parse_float=float):
    """The request's JSON body, refused with 413 past ``limit`` bytes before the rest is read."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isascii() or not declared.isdigit()):
        raise ApiError.bad("body", f"Content-Length is not a number: {_show(declared)}")
    if declared is not None and int(declared) > limit:
        raise _too_large(limit, int(declared))
    chunks, size = [], 0
    try:
        async for chunk in request.stream():  # chunked, or a client that lied about the length
            size += len(chunk)
            if size > limit:
                raise _too_large(limit, None)
            chunks.append(chunk)
    except ClientDisconnect:  # nobody is left to answer, but it is the client's doing, not an outage
        raise ApiError.bad("body", "the connection closed before the whole body arrived") from None
    raw = b"".join(chunks)
    depth = json_depth(raw)
    if depth > MAX_DEPTH:
        raise ApiError.bad("body", f"nested {depth} levels deep; at most {MAX_DEPTH}")
    try:
        # Any content type: navigator.sendBeacon posts text/plain.
        document = json.loads(raw, parse_float=parse_float)
    except ValueError as e:  # JSONDecodeError, or bytes that are not UTF-8
        raise ApiError.bad("body", f"not valid JSON: {e}") from None
    bad = _lone_surrogate(document, "")
    if bad is not None:
        raise ApiError.bad(bad or "body", "not valid Unicode: a lone surrogate (\\ud800-\\udfff)")
    return document


def _too_large(limit: int, declared: int | None) -> ApiError:
    got = f", got {declared}" if declared is not None else ""
    # Connection: close, because the rest of the body is still on the way and is never read.
    return ApiError(413, f"body: at most {limit} bytes{got}", "body", {"Connection": "close"})


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in JSON text (strings ignored), without parsing it.

    >>> json_depth(b'{"a": [1, {"b": "]]][[["}]}'), json_depth(b"[" * 5000)
    (3, 5000)
    """
    brackets = _STRING.sub(b"", raw).translate(None, _BRACKETS)
    if len(brackets) <= 2:
        return len(brackets) // 2 if brackets in (b"[]", b"{}") else len(brackets)
    return max(accumulate(1 if b in (91, 123) else -1 for b in brackets))


def _lone_surrogate(value, path: str) -> str | None:
    """The path of the first string (key or value) holding a lone surrogate, else None."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else key
            if _SURROGATE.search(key):
                return path or "body"
            found = _lone_surrogate(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = _lone_surrogate(item, f"{path}[{n}]")
            if found is not None:
                return found
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _show(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
