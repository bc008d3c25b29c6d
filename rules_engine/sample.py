"""Short scenario builders and a consequence printer that the rules' examples are written with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .model import Consequence, Contract, ContractType, LoggedHours, Milestone, Scenario

# One fixed moment, so every example reads the same on any day it is run.
SAMPLE_ENDED_AT = "2026-11-26T10:00:00Z"


def hourly(
    rate: str = "40.00",
    hours: Iterable[tuple[object, bool]] = ((5, True),),
    *,
    ended_by: str = "client",
    off_platform: bool = False,
    ended_at: str = SAMPLE_ENDED_AT,
) -> Scenario:
    """An hourly contract ended; `hours` are (hours, eligible) pairs."""
    contract = Contract(
        ContractType.HOURLY,
        hourly_rate=rate,
        logged_hours=tuple(LoggedHours(amount, eligible) for amount, eligible in hours),
    )
    return Scenario(contract, ended_by, off_platform, datetime.fromisoformat(ended_at))


def fixed_price(
    funds: str,
    milestones: Iterable[tuple[str, str, str]] = (),
    *,
    ended_by: str = "client",
    off_platform: bool = False,
    ended_at: str = SAMPLE_ENDED_AT,
) -> Scenario:
    """A fixed-price contract ended; `milestones` are (name, amount, status) triples."""
    contract = Contract(
        ContractType.FIXED_PRICE,
        project_funds=funds,
        milestones=tuple(Milestone(name, amount, status) for name, amount, status in milestones),
    )
    return Scenario(contract, ended_by, off_platform, datetime.fromisoformat(ended_at))


def show(consequences: Iterable[Consequence]) -> None:
    """Print each consequence as its code (with amount or end time) and its sentence."""
    printed = False
    for consequence in consequences:
        heading = consequence.code
        if consequence.amount is not None:
            heading += f" {consequence.amount}"
        if consequence.until is not None:
            heading += f" until {consequence.until:%Y-%m-%d %H:%M:%S} UTC"
        print(heading)
        print(f"  {consequence.sentence}")
        printed = True
    if not printed:
        print("(no consequences)")
