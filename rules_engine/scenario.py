"""Scenarios as JSON: loading with errors that name the JSON path, and writing back out.

A scenario file looks like this (``project_funds`` and ``milestones`` replace ``hourly_rate``
and ``logged_hours`` for a ``fixed_price`` contract)::

    {"contract": {"type": "hourly", "hourly_rate": "40.00",
                  "logged_hours": [{"hours": 5, "eligible": true}]},
     "ended_by": "client", "reason_moves_off_platform": false,
     "ended_at": "2026-11-26T10:00:00Z"}

Every key is required and unknown keys are errors, so a typo never silently changes an outcome.
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
    Scenario,
    ScenarioError,
    one_of,
    quote_value,
)

_SCENARIO_KEYS = ("contract", "ended_by", "reason_moves_off_platform", "ended_at")
_CONTRACT_KEYS = {
    ContractType.HOURLY: ("type", "hourly_rate", "logged_hours"),
    ContractType.FIXED_PRICE: ("type", "project_funds", "milestones"),
}
_LOGGED_HOURS_KEYS = ("hours", "eligible")
_MILESTONE_KEYS = ("name", "amount", "status")
_DATETIME_EXAMPLE = "2026-11-26T10:00:00Z"

Built = TypeVar("Built")


def scenario_from_json(text: str | bytes) -> Scenario:
    """Load a scenario from JSON text; numbers keep their exact decimal value."""
    try:
        document = json.loads(text, parse_float=Decimal)
    except ValueError as error:  # JSONDecodeError, or bytes that are not UTF-8
        raise ScenarioError("", f"not valid JSON: {error}") from None
    return scenario_from_dict(document)


def scenario_from_dict(document: object) -> Scenario:
    """Build a Scenario from parsed JSON; a ScenarioError names the path of the bad field.

    >>> scenario = scenario_from_dict({
    ...     "contract": {"type": "hourly", "hourly_rate": "40.00",
    ...                  "logged_hours": [{"hours": 5, "eligible": True}]},
    ...     "ended_by": "client", "reason_moves_off_platform": False,
    ...     "ended_at": "2026-11-26T10:00:00Z"})
    >>> scenario.contract.hourly_rate, scenario.ended_at.isoformat()
    (Decimal('40.00'), '2026-11-26T10:00:00+00:00')
    >>> scenario_from_dict({**scenario_to_dict(scenario), "ended_at": "tomorrow"})
    Traceback (most recent call last):
    ...
    rules_engine.model.ScenarioError: ended_at: expected an ISO 8601 datetime like 2026-11-26T10:00:00Z, got 'tomorrow'
    """
    fields = _object(document, "", _SCENARIO_KEYS)
    contract = _contract(fields["contract"])
    ended_at = _ended_at(fields["ended_at"])
    return _build(
        "",
        lambda: Scenario(
            contract=contract,
            ended_by=fields["ended_by"],
            reason_moves_off_platform=fields["reason_moves_off_platform"],
            ended_at=ended_at,
        ),
    )


def scenario_to_dict(scenario: Scenario) -> dict[str, object]:
    """The scenario in the same JSON shape scenario_from_dict reads."""
    contract = scenario.contract
    if contract.type is ContractType.HOURLY:
        contract_fields: dict[str, object] = {
            "type": contract.type.value,
            "hourly_rate": str(contract.hourly_rate),
            "logged_hours": [
                {"hours": format(entry.hours, "f"), "eligible": entry.eligible}
                for entry in contract.logged_hours
            ],
        }
    else:
        contract_fields = {
            "type": contract.type.value,
            "project_funds": str(contract.project_funds),
            "milestones": [
                {"name": m.name, "amount": str(m.amount), "status": m.status.value}
                for m in contract.milestones
            ],
        }
    return {
        "contract": contract_fields,
        "ended_by": scenario.ended_by.value,
        "reason_moves_off_platform": scenario.reason_moves_off_platform,
        "ended_at": iso_utc(scenario.ended_at),
    }


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, the one way datetimes leave this package."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _contract(value: object) -> Contract:
    if not isinstance(value, dict):
        raise ScenarioError("contract", f"expected an object, got {quote_value(value)}")
    if "type" not in value:
        raise ScenarioError("contract.type", "is required")
    contract_type = _build("contract", lambda: one_of(ContractType, value["type"], "type"))
    fields = _object(value, "contract", _CONTRACT_KEYS[contract_type], for_type=contract_type)
    if contract_type is ContractType.HOURLY:
        logged_hours = _list(fields["logged_hours"], "contract.logged_hours", _logged_hours)
        return _build(
            "contract",
            lambda: Contract(
                contract_type, hourly_rate=fields["hourly_rate"], logged_hours=logged_hours
            ),
        )
    milestones = _list(fields["milestones"], "contract.milestones", _milestone)
    return _build(
        "contract",
        lambda: Contract(contract_type, project_funds=fields["project_funds"], milestones=milestones),
    )


def _logged_hours(value: object, path: str) -> LoggedHours:
    fields = _object(value, path, _LOGGED_HOURS_KEYS)
    return _build(path, lambda: LoggedHours(fields["hours"], fields["eligible"]))


def _milestone(value: object, path: str) -> Milestone:
    fields = _object(value, path, _MILESTONE_KEYS)
    return _build(path, lambda: Milestone(fields["name"], fields["amount"], fields["status"]))


def _ended_at(value: object) -> datetime:
    expected = f"expected an ISO 8601 datetime like {_DATETIME_EXAMPLE}, got {quote_value(value)}"
    if not isinstance(value, str):
        raise ScenarioError("ended_at", expected)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ScenarioError("ended_at", expected) from None
    if moment.utcoffset() is None:
        # A time without a zone means a different moment to every reader; refuse to guess.
        raise ScenarioError(
            "ended_at",
            f"needs a time zone (Z or +01:00), like {_DATETIME_EXAMPLE}, got {quote_value(value)}",
        )
    return moment


def _object(
    value: object, path: str, keys: tuple[str, ...], *, for_type: ContractType | None = None
) -> dict[str, object]:
    if not isinstance(value, dict):
        expected = "an object with " + ", ".join(keys)
        raise ScenarioError(path, f"expected {expected}, got {quote_value(value)}")
    for key in value:
        if key not in keys:
            kind = f" for {for_type.value} contracts" if for_type else ""
            raise ScenarioError(
                _join(path, str(key)), f"unknown key{kind}; expected {', '.join(keys)}"
            )
    for key in keys:
        if key not in value:
            raise ScenarioError(_join(path, key), "is required")
    return value


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
