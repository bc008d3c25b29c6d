"""Scenarios as JSON: one declaration of the format, loading with errors that name the field, the JSON Schema.

An hourly contract the client ends, explained to the freelancer in their time zone::

    {"contract": {"type": "hourly", "hourly_rate": "40.00",
                  "logged_hours": [{"hours": 5}, {"hours": 2, "eligible": false}]},
     "ended_by": "client", "asked_by": "freelancer",
     "ended_at": "2026-11-25T10:00:00Z", "timezone": "Europe/Berlin"}

A fixed-price contract an agency ends, with 400.00 still in escrow for one milestone::

    {"contract": {"type": "fixed_price", "provider": "agency", "escrow_balance": "400.00",
                  "milestones": [{"name": "Design", "amount": "300.00", "status": "released"},
                                 {"name": "Build", "amount": "400.00", "status": "funded"}]},
     "ended_by": "agency"}

Unknown keys are errors (with the right name when it is a former one), so a typo never
silently changes an outcome. ``rules_engine/README.md`` describes every field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from typing import TypeVar

from .model import (
    Contract,
    ContractType,
    LoggedHours,
    Milestone,
    Party,
    Scenario,
    ScenarioError,
    one_of,
    quote_value,
)

_DATETIME_EXAMPLE = "2026-11-26T10:00:00Z"
_AMOUNT = {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$", "examples": ["40.00"]}
_MOMENT = {"type": "string", "format": "date-time", "examples": [_DATETIME_EXAMPLE]}

# The format, declared once: (key, required, JSON Schema of the value, what it means). The loader
# reads its key lists from here and the JSON Schema is generated from it.
SCENARIO_FIELDS = (
    ("contract", True, {}, "the contract being ended"),
    ("ended_by", True, {"enum": [p.value for p in Party]},
     "who ends it: the client or the provider, a freelancer or an agency"),
    ("asked_by", False, {"enum": [*(p.value for p in Party), None]},
     "who the answer is for (default: ended_by); links go to the articles for that side"),
    ("off_platform", False, {"type": "boolean", "default": False},
     "true when the contract is ended to take work or payments off the platform"),
    ("ended_at", False, {"anyOf": [_MOMENT, {"const": "now"}], "default": "now"},
     "when it ends: ISO 8601 with a time zone, or \"now\""),
    ("timezone", False, {"type": ["string", "null"], "examples": ["Europe/Berlin"], "default": "UTC"},
     "the IANA time zone the asker reads times in"),
)
HOURLY_FIELDS = (
    ("type", True, {"const": "hourly"}, "hourly or fixed_price"),
    ("provider", False, {"enum": ["freelancer", "agency"]},
     "who does the work (default: ended_by or asked_by when one of them is, else freelancer)"),
    ("hourly_rate", True, _AMOUNT, "the contract's rate per hour"),
    ("logged_hours", False, {"type": "array", "default": []},
     "time logged in the billing week the contract ends in, not billed yet (a freelancer's: at most "
     "the hours passed in that week when it ends)"),
)
FIXED_PRICE_FIELDS = (
    ("type", True, {"const": "fixed_price"}, "hourly or fixed_price"),
    ("provider", False, {"enum": ["freelancer", "agency"]},
     "who does the work (default: ended_by or asked_by when one of them is, else freelancer)"),
    ("escrow_balance", False, _AMOUNT,
     "the money in escrow (project funds) now; released milestones are no longer in it "
     "(default: what the funded milestones hold)"),
    ("milestones", False, {"type": "array", "default": []},
     "the contract's milestones"),
)
LOGGED_HOURS_FIELDS = (
    ("hours", True, {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}, "hours, like 1.5"),
    ("eligible", False, {"type": "boolean", "default": True},
     "false for time that is not eligible for payment"),
)
MILESTONE_FIELDS = (
    ("name", True, {"type": "string", "minLength": 1}, "the milestone's name"),
    ("amount", True, _AMOUNT, "what it is worth"),
    ("status", True, {"enum": ["funded", "released", "unfunded"]},
     "funded (its money is in escrow), released (paid out before the end) or unfunded"),
    ("released_at", False, _MOMENT, "when a released milestone's money was released"),
)

# Names of earlier versions of the format, and what to write instead.
_RENAMED = {
    "reason_moves_off_platform": "renamed to off_platform (true or false, default false)",
    "project_funds": "renamed to escrow_balance: the money in escrow now, not counting released milestones",
}


def _keys(fields) -> tuple[str, ...]:
    return tuple(key for key, *_ in fields)


def _object_schema(fields, title: str) -> dict:
    return {
        "type": "object",
        "title": title,
        "additionalProperties": False,
        "required": [key for key, required, *_ in fields if required],
        "properties": {key: {**schema, "description": about} for key, _, schema, about in fields},
    }


def _scenario_schema() -> dict:
    # Written out without $ref, so that the same schema also serves as the request body in the
    # OpenAPI document (where "#/..." would point into the OpenAPI document itself).
    hours = _object_schema(LOGGED_HOURS_FIELDS, "logged hours")
    milestone = _object_schema(MILESTONE_FIELDS, "milestone")

    def contract(fields, title):
        schema = _object_schema(fields, title)
        for key, items in (("logged_hours", hours), ("milestones", milestone)):
            if key in schema["properties"]:
                schema["properties"][key]["items"] = items
        return schema

    schema = _object_schema(SCENARIO_FIELDS, "scenario")
    schema["properties"]["contract"] = {
        "description": "the contract being ended",
        "oneOf": [contract(HOURLY_FIELDS, "hourly contract"), contract(FIXED_PRICE_FIELDS, "fixed-price contract")],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Contract-ending scenario (helpcenter rules explain, POST /api/rules/end-contract)",
        **{key: value for key, value in schema.items() if key != "title"},
    }


SCENARIO_SCHEMA = _scenario_schema()

Built = TypeVar("Built")


def scenario_from_json(text: str | bytes, *, now: datetime | None = None) -> Scenario:
    """Load a scenario from JSON text; numbers keep their exact decimal value."""
    try:
        document = json.loads(text, parse_float=Decimal)
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8
        raise ScenarioError("", f"not valid JSON: {error}") from None
    return scenario_from_dict(document, now=now)


def scenario_from_dict(document: object, *, now: datetime | None = None) -> Scenario:
    """Build a Scenario from parsed JSON; a ScenarioError names the path of the bad field.

    ``now`` is the moment ``"ended_at": "now"`` (or no ended_at) means; by default the clock's.

    >>> scenario = scenario_from_dict({
    ...     "contract": {"type": "hourly", "hourly_rate": "40.00", "logged_hours": [{"hours": 5}]},
    ...     "ended_by": "client", "ended_at": "2026-11-26T10:00:00Z"})
    >>> scenario.contract.hourly_rate, scenario.ended_at.isoformat(), scenario.off_platform
    (Decimal('40.00'), '2026-11-26T10:00:00+00:00', False)
    >>> scenario_from_dict({**scenario_to_dict(scenario), "ended_at": "tomorrow"})
    Traceback (most recent call last):
    ...
    rules_engine.model.ScenarioError: ended_at: expected an ISO 8601 datetime like 2026-11-26T10:00:00Z, or "now", got 'tomorrow'
    >>> scenario_from_dict({**scenario_to_dict(scenario), "reason_moves_off_platform": True})
    Traceback (most recent call last):
    ...
    rules_engine.model.ScenarioError: reason_moves_off_platform: renamed to off_platform (true or false, default false)
    """
    fields = _object(document, "", SCENARIO_FIELDS)
    ended_at = _ended_at(fields.get("ended_at", "now"), now)
    ended_by = _build("", lambda: one_of(Party, fields["ended_by"], "ended_by"))
    asked_by = fields.get("asked_by")
    if asked_by is not None:
        asked_by = _build("", lambda: one_of(Party, asked_by, "asked_by"))
    contract = _contract(fields["contract"], _default_provider(ended_by, asked_by))
    _hours_fit_the_week(contract, ended_at)
    return _build(
        "",
        lambda: Scenario(
            contract=contract,
            ended_by=ended_by,
            off_platform=fields.get("off_platform", False),
            ended_at=ended_at,
            timezone=fields.get("timezone"),
            asked_by=asked_by,
        ),
    )


def _hours_fit_the_week(contract: Contract, ended_at: datetime) -> None:
    """A freelancer cannot have logged more hours in the billing week than have passed in it when
    the contract ends (an agency's several members can): "500" for "5" was answered as 500 hours paid.

    >>> from datetime import datetime, timezone
    >>> monday_9am = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    >>> _hours_fit_the_week(Contract("hourly", hourly_rate="40.00", logged_hours=(LoggedHours(9),)), monday_9am)
    >>> _hours_fit_the_week(Contract("hourly", hourly_rate="40.00", logged_hours=(LoggedHours(500),)), monday_9am)
    Traceback (most recent call last):
    rules_engine.model.ScenarioError: contract.logged_hours: expected at most 9 hours: a freelancer logs no more than the time that has passed in the billing week, which began on Monday 2026-11-30 00:00 UTC, 9 hours before the contract ends; got 500
    """
    if contract.type is not ContractType.HOURLY or contract.provider.value != "freelancer":
        return
    from .rules import billing_week  # the rules own the billing week

    start = billing_week(ended_at)[0]
    passed = Decimal((ended_at - start).total_seconds()) / 3600
    logged = sum((entry.hours for entry in contract.logged_hours), Decimal(0))
    if logged > passed:
        shown = f"{passed.quantize(Decimal('0.01')).normalize():f}"
        raise ScenarioError("contract.logged_hours",
                            f"expected at most {shown} hours: a freelancer logs no more than the time that has "
                            f"passed in the billing week, which began on {start:%A %Y-%m-%d %H:%M} UTC, {shown} hours "
                            f"before the contract ends; got {logged.normalize():f}")


def _default_provider(ended_by: Party, asked_by: Party | None) -> str:
    for party in (ended_by, asked_by):
        if party is not None and party is not Party.CLIENT:
            return party.value
    return "freelancer"


def scenario_to_dict(scenario: Scenario) -> dict[str, object]:
    """The scenario in the same JSON shape scenario_from_dict reads, every default written out."""
    contract = scenario.contract
    if contract.type is ContractType.HOURLY:
        contract_fields: dict[str, object] = {
            "type": contract.type.value,
            "provider": contract.provider.value,
            "hourly_rate": str(contract.hourly_rate),
            "logged_hours": [
                {"hours": format(entry.hours, "f"), "eligible": entry.eligible}
                for entry in contract.logged_hours
            ],
        }
    else:
        milestones = []
        for m in contract.milestones:
            milestone: dict[str, object] = {"name": m.name, "amount": str(m.amount), "status": m.status.value}
            if m.released_at is not None:
                milestone["released_at"] = iso_utc(m.released_at)
            milestones.append(milestone)
        contract_fields = {
            "type": contract.type.value,
            "provider": contract.provider.value,
            "escrow_balance": str(contract.escrow_balance),
            "milestones": milestones,
        }
    return {
        "contract": contract_fields,
        "ended_by": scenario.ended_by.value,
        "asked_by": scenario.asked_by.value,
        "off_platform": scenario.off_platform,
        "ended_at": iso_utc(scenario.ended_at),
        "timezone": scenario.timezone or "UTC",
    }


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, the one way datetimes leave this package."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _contract(value: object, default_provider: str) -> Contract:
    if not isinstance(value, dict):
        raise ScenarioError("contract", f"expected an object with type and the contract's fields, "
                                        f"got {quote_value(value)}")
    if "type" not in value:
        raise ScenarioError("contract.type", "is required: write \"hourly\" or \"fixed_price\"")
    contract_type = _build("contract", lambda: one_of(ContractType, value["type"], "type"))
    if contract_type is ContractType.HOURLY:
        fields = _object(value, "contract", HOURLY_FIELDS, for_type=contract_type)
        logged_hours = _list(fields.get("logged_hours", []), "contract.logged_hours", _logged_hours)
        return _build(
            "contract",
            lambda: Contract(contract_type, hourly_rate=fields["hourly_rate"], logged_hours=logged_hours,
                             provider=fields.get("provider", default_provider)),
        )
    fields = _object(value, "contract", FIXED_PRICE_FIELDS, for_type=contract_type)
    milestones = _list(fields.get("milestones", []), "contract.milestones", _milestone)
    return _build(
        "contract",
        lambda: Contract(contract_type, escrow_balance=fields.get("escrow_balance"), milestones=milestones,
                         provider=fields.get("provider", default_provider)),
    )


def _logged_hours(value: object, path: str) -> LoggedHours:
    fields = _object(value, path, LOGGED_HOURS_FIELDS)
    return _build(path, lambda: LoggedHours(fields["hours"], fields.get("eligible", True)))


def _milestone(value: object, path: str) -> Milestone:
    fields = _object(value, path, MILESTONE_FIELDS)
    released_at = fields.get("released_at")
    if released_at is not None:
        released_at = _moment(released_at, f"{path}.released_at")
    return _build(path, lambda: Milestone(fields["name"], fields["amount"], fields["status"], released_at))


def _ended_at(value: object, now: datetime | None) -> datetime:
    if value == "now":
        return now or datetime.now(timezone.utc)
    return _moment(value, "ended_at", or_now=True)


def _moment(value: object, path: str, *, or_now: bool = False) -> datetime:
    alternatives = ', or "now"' if or_now else ""
    expected = f"expected an ISO 8601 datetime like {_DATETIME_EXAMPLE}{alternatives}, got {quote_value(value)}"
    if not isinstance(value, str):
        raise ScenarioError(path, expected)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ScenarioError(path, expected) from None
    if moment.utcoffset() is None:
        # A time without a zone means a different moment to every reader; refuse to guess.
        raise ScenarioError(
            path,
            f"needs a time zone (Z or +01:00), like {_DATETIME_EXAMPLE}, got {quote_value(value)}",
        )
    return moment


def _object(
    value: object, path: str, fields, *, for_type: ContractType | None = None
) -> dict[str, object]:
    keys = _keys(fields)
    if not isinstance(value, dict):
        expected = "an object with " + ", ".join(keys)
        raise ScenarioError(path, f"expected {expected}, got {quote_value(value)}")
    for key in value:
        if key in keys:
            continue
        if key in _RENAMED:
            raise ScenarioError(_join(path, str(key)), _RENAMED[key])
        kind = f" for {for_type.value} contracts" if for_type else ""
        raise ScenarioError(_join(path, str(key)), f"unknown key{kind}; expected one of {', '.join(keys)}")
    for key, required, schema, about in fields:
        if required and key not in value:
            raise ScenarioError(_join(path, key), f"is required ({about}); write {_what_to_write(schema)}")
    return value


def _what_to_write(schema: dict) -> str:
    """How a value of this schema is written, for an error that says what is missing.

    >>> _what_to_write({"enum": ["client", "freelancer"]})
    'one of client, freelancer'
    >>> _what_to_write(_AMOUNT)
    'it like "40.00"'
    """
    if "const" in schema:
        return f'"{schema["const"]}"'
    if "enum" in schema:
        return "one of " + ", ".join(schema["enum"])
    if "examples" in schema:
        return f'it like "{schema["examples"][0]}"'
    if schema.get("type") == "string":
        return "it as text"
    return "it as `helpcenter rules schema` describes"


def _list(
    value: object, path: str, build_item: Callable[[object, str], Built]
) -> tuple[Built, ...]:
    if not isinstance(value, list):
        raise ScenarioError(path, f"expected a list, got {quote_value(value)}")
    return tuple(build_item(item, f"{path}[{index}]") for index, item in enumerate(value))


def _build(path: str, construct: Callable[[], Built]) -> Built:
    # The values name fields relative to themselves ("hours"); here they get their JSON path.
    try:
        return construct()
    except ScenarioError as error:
        raise error.within(path) from None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
