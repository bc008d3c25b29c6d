"""Short scenario builders and a consequence printer that the rules' examples are written with."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .model import Consequence, Contract, ContractType, LoggedHours, Milestone, Scenario

# One fixed moment, so every example reads the same on any day it is run.
SAMPLE_ENDED_AT = "2026-11-26T10:00:00Z"


def _provider(ended_by: str, provider: str | None) -> str:
    return provider or (ended_by if ended_by != "client" else "freelancer")


def hourly(
    rate: str = "40.00",
    hours: Iterable[tuple[object, bool]] = ((5, True),),
    *,
    ended_by: str = "client",
    provider: str | None = None,
    off_platform: bool = False,
    ended_at: str = SAMPLE_ENDED_AT,
    timezone: str | None = None,
) -> Scenario:
    """An hourly contract ended; `hours` are (hours, eligible) pairs logged in the week it ends."""
    contract = Contract(
        ContractType.HOURLY,
        hourly_rate=rate,
        logged_hours=tuple(LoggedHours(amount, eligible) for amount, eligible in hours),
        provider=_provider(ended_by, provider),
    )
    return Scenario(contract, ended_by, off_platform, datetime.fromisoformat(ended_at), timezone)


def fixed_price(
    escrow_balance: str | None = None,
    milestones: Iterable[tuple[str, ...]] = (),
    *,
    ended_by: str = "client",
    provider: str | None = None,
    off_platform: bool = False,
    ended_at: str = SAMPLE_ENDED_AT,
    timezone: str | None = None,
) -> Scenario:
    """A fixed-price contract ended with `escrow_balance` in escrow; `milestones` are
    (name, amount, status) or (name, amount, "released", released_at) tuples."""
    built = []
    for name, amount, status, *released_at in milestones:
        at = datetime.fromisoformat(released_at[0]) if released_at else None
        built.append(Milestone(name, amount, status, at))
    contract = Contract(
        ContractType.FIXED_PRICE,
        escrow_balance=escrow_balance,
        milestones=tuple(built),
        provider=_provider(ended_by, provider),
    )
    return Scenario(contract, ended_by, off_platform, datetime.fromisoformat(ended_at), timezone)


def show(consequences: Iterable[Consequence]) -> None:
    """Print each consequence as its code (with amount, moment and end time) and its sentence."""
    printed = False
    for consequence in consequences:
        heading = consequence.code
        if consequence.amount is not None:
            heading += f" {consequence.amount}"
        if consequence.at is not None:
            heading += f" at {consequence.at:%A %Y-%m-%d %H:%M}"
        if consequence.until is not None:
            if consequence.at is not None:
                heading += f" until {consequence.until:%A %Y-%m-%d %H:%M}"
            else:
                heading += f" until {consequence.until:%Y-%m-%d %H:%M:%S} UTC"
        print(heading)
        print(f"  {consequence.sentence}")
        printed = True
    if not printed:
        print("(no consequences)")
