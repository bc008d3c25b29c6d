"""Immutable values of a contract-ending scenario and its consequences, valid by construction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from enum import StrEnum

CENT = Decimal("0.01")

# Numbers this large are typing mistakes, never real hours or amounts; refusing them keeps
# Decimal arithmetic from overflowing on input that arrives through the CLI or HTTP endpoint.
_LARGEST_DIGITS_BEFORE_POINT = 12

_MOMENT_EXAMPLE = "2026-11-26T10:00:00Z"


class ScenarioError(ValueError):
    """A scenario value is invalid; `path` names the field the way the user wrote it."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)

    def within(self, prefix: str) -> ScenarioError:
        """The same error, named from an enclosing value (``contract`` + ``type``)."""
        if not prefix:
            return self
        if not self.path:
            return ScenarioError(prefix, self.problem)
        joiner = "" if self.path.startswith("[") else "."
        return ScenarioError(f"{prefix}{joiner}{self.path}", self.problem)


def quote_value(value: object) -> str:
    """How a rejected value is quoted back: in JSON terms, since most scenarios arrive as JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, datetime):
        return value.isoformat()
    return f"a {type(value).__name__}"


class Party(StrEnum):
    """Who ends the contract."""

    FREELANCER = "freelancer"
    AGENCY = "agency"
    CLIENT = "client"


class ContractType(StrEnum):
    HOURLY = "hourly"
    FIXED_PRICE = "fixed_price"


class MilestoneStatus(StrEnum):
    FUNDED = "funded"  # money is in project funds for it but not yet released
    RELEASED = "released"  # money was paid out to the freelancer
    UNFUNDED = "unfunded"  # agreed, but no money was ever put in for it


class Kind(StrEnum):
    """What a consequence does, so an outcome can total money without knowing every rule."""

    STATUS = "status"  # the contract, diary, feedback or a milestone changes state
    FLAG = "flag"  # a policy concern support must look at; the contract still ends
    PAYMENT = "payment"  # money moves to the freelancer because the contract ended
    REFUND = "refund"  # money moves back to the client
    KEPT = "kept"  # money already with the freelancer stays there; nothing moves


def one_of(enum: type[StrEnum], value: object, path: str) -> StrEnum:
    """`value` as a member of `enum`, accepting the member or its text."""
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in enum)
    raise ScenarioError(path, f"expected one of {allowed}, got {quote_value(value)}")


def _flag(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(path, f"expected true or false, got {quote_value(value)}")
    return value


def _number(value: object, path: str, expected: str) -> Decimal:
    # bool is an int to Python, but `true` hours is a mistake, not 1 hour.
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ScenarioError(path, f"expected {expected}, got {quote_value(value)}")
    try:
        # Through str() so that a float such as 0.1 becomes Decimal("0.1"), not its binary value.
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ScenarioError(path, f"expected {expected}, got {quote_value(value)}") from None
    if not number.is_finite():
        raise ScenarioError(path, f"expected {expected}, got {quote_value(value)}")
    if number and number.adjusted() >= _LARGEST_DIGITS_BEFORE_POINT:
        raise ScenarioError(path, f"is too large, got {quote_value(value)}")
    return number


def _hours(value: object, path: str) -> Decimal:
    hours = _number(value, path, "a number of hours like 1.5")
    if hours < 0:
        raise ScenarioError(path, f"must be zero or more, got {quote_value(value)}")
    return hours


def _money(value: object, path: str, *, positive: bool) -> Decimal:
    amount = _number(value, path, "an amount like 40.00")
    if amount != amount.quantize(CENT):
        raise ScenarioError(path, f"must have at most 2 decimal places, got {quote_value(value)}")
    amount = amount.quantize(CENT)
    if positive and amount <= 0:
        raise ScenarioError(path, f"must be more than zero, got {amount}")
    if amount < 0:
        raise ScenarioError(path, f"must be zero or more, got {amount}")
    return amount


def _items(value: object, path: str, item_type: type) -> tuple:
    if not isinstance(value, (list, tuple)):
        raise ScenarioError(path, f"expected a list, got {quote_value(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, item_type):
            raise ScenarioError(
                f"{path}[{index}]", f"expected a {item_type.__name__}, got {quote_value(item)}"
            )
    return tuple(value)


@dataclass(frozen=True)
class LoggedHours:
    """Time logged in an hourly contract's work diary."""

    hours: Decimal
    eligible: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", _hours(self.hours, "hours"))
        _flag(self.eligible, "eligible")


@dataclass(frozen=True)
class Milestone:
    """A fixed-price milestone; `amount` is what it is worth, `status` where its money is."""

    name: str
    amount: Decimal
    status: MilestoneStatus

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ScenarioError("name", f"expected text, got {quote_value(self.name)}")
        if not self.name.strip():
            raise ScenarioError("name", "must not be empty")
        object.__setattr__(self, "amount", _money(self.amount, "amount", positive=True))
        object.__setattr__(self, "status", one_of(MilestoneStatus, self.status, "status"))

    @property
    def takes_funds(self) -> bool:
        """Whether this milestone's money came out of project funds."""
        return self.status is not MilestoneStatus.UNFUNDED


@dataclass(frozen=True)
class Contract:
    """An hourly contract (rate, logged hours) or a fixed-price one (project funds, milestones).

    Project funds are all the money the client put into a fixed-price contract; every funded or
    released milestone draws its amount from them, and anything not drawn is unassigned.
    """

    type: ContractType
    hourly_rate: Decimal | None = None
    logged_hours: tuple[LoggedHours, ...] = ()
    project_funds: Decimal | None = None
    milestones: tuple[Milestone, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", one_of(ContractType, self.type, "type"))
        logged_hours = _items(self.logged_hours, "logged_hours", LoggedHours)
        milestones = _items(self.milestones, "milestones", Milestone)
        object.__setattr__(self, "logged_hours", logged_hours)
        object.__setattr__(self, "milestones", milestones)
        if self.type is ContractType.HOURLY:
            self._check_hourly()
        else:
            self._check_fixed_price()

    def _check_hourly(self) -> None:
        if self.hourly_rate is None:
            raise ScenarioError("hourly_rate", "is required for hourly contracts")
        hourly_rate = _money(self.hourly_rate, "hourly_rate", positive=True)
        object.__setattr__(self, "hourly_rate", hourly_rate)
        if self.project_funds is not None:
            raise ScenarioError("project_funds", "only fixed_price contracts have project funds")
        if self.milestones:
            raise ScenarioError("milestones", "only fixed_price contracts have milestones")

    def _check_fixed_price(self) -> None:
        if self.project_funds is None:
            raise ScenarioError("project_funds", "is required for fixed_price contracts")
        funds = _money(self.project_funds, "project_funds", positive=False)
        object.__setattr__(self, "project_funds", funds)
        if self.hourly_rate is not None:
            raise ScenarioError("hourly_rate", "only hourly contracts have an hourly rate")
        if self.logged_hours:
            raise ScenarioError("logged_hours", "only hourly contracts have logged hours")
        # Funded and released milestones both draw on project funds: a milestone cannot hold or
        # have paid out money the client never put in.
        drawn = Decimal("0.00")
        for index, milestone in enumerate(self.milestones):
            if not milestone.takes_funds:
                continue
            left = funds - drawn
            if milestone.amount > left:
                said = f"{milestone.status.value} {milestone.amount}"
                if drawn == 0:
                    problem = f"{said} is more than project_funds {funds}"
                else:
                    problem = (
                        f"{said} is more than the {left} left in project_funds {funds} "
                        "after earlier milestones"
                    )
                raise ScenarioError(f"milestones[{index}]", problem)
            drawn += milestone.amount

    @property
    def unassigned_funds(self) -> Decimal:
        """Project funds no funded or released milestone draws on (fixed-price only)."""
        drawn = sum((m.amount for m in self.milestones if m.takes_funds), Decimal("0.00"))
        return (self.project_funds or Decimal("0.00")) - drawn


@dataclass(frozen=True)
class Scenario:
    """One contract being ended: by whom, why, and when (stored in UTC)."""

    contract: Contract
    ended_by: Party
    reason_moves_off_platform: bool
    ended_at: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.contract, Contract):
            got = quote_value(self.contract)
            raise ScenarioError("contract", f"expected a Contract, got {got}")
        object.__setattr__(self, "ended_by", one_of(Party, self.ended_by, "ended_by"))
        _flag(self.reason_moves_off_platform, "reason_moves_off_platform")
        if not isinstance(self.ended_at, datetime):
            got = quote_value(self.ended_at)
            raise ScenarioError("ended_at", f"expected a datetime like {_MOMENT_EXAMPLE}, got {got}")
        if self.ended_at.utcoffset() is None:
            got = self.ended_at.isoformat()
            raise ScenarioError("ended_at", f"must include a time zone, like {_MOMENT_EXAMPLE}, got {got}")
        object.__setattr__(self, "ended_at", self.ended_at.astimezone(timezone.utc))


# The brief and some callers speak of "ending requests"; it is the same value.
EndRequest = Scenario


@dataclass(frozen=True)
class Consequence:
    """One thing that happens because the contract ended, in a sentence support can paste."""

    code: str
    kind: Kind
    sentence: str
    amount: Decimal | None = None
    until: datetime | None = None
    rule_id: str = ""  # filled in by the engine, so a rule need not repeat its own id
