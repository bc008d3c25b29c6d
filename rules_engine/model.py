"""Immutable values of a contract-ending scenario and its consequences, valid by construction."""

from __future__ import annotations

import difflib

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
    """Who ends the contract, or asks about it: the client or the provider (a freelancer or an agency)."""

    FREELANCER = "freelancer"
    AGENCY = "agency"
    CLIENT = "client"


class Provider(StrEnum):
    """Who does the work on the contract: a freelancer on their own, or an agency."""

    FREELANCER = "freelancer"
    AGENCY = "agency"


class ContractType(StrEnum):
    HOURLY = "hourly"
    FIXED_PRICE = "fixed_price"


class MilestoneStatus(StrEnum):
    FUNDED = "funded"  # its money is in escrow, not yet released
    RELEASED = "released"  # its money was paid out to the provider before the end
    UNFUNDED = "unfunded"  # agreed, but no money was ever put in for it


class Kind(StrEnum):
    """What a consequence does, so an outcome can total money without knowing every rule."""

    STATUS = "status"  # the contract, diary, feedback or a milestone changes state
    FLAG = "flag"  # a policy concern support must look at; the contract still ends
    PAYMENT = "payment"  # money moves to the provider because the contract ended
    REFUND = "refund"  # money moves back to the client
    KEPT = "kept"  # money already released to the provider stays there; nothing moves
    SCHEDULE = "schedule"  # when money is billed or becomes available


def one_of(enum: type[StrEnum], value: object, path: str) -> StrEnum:
    """`value` as a member of `enum`, accepting the member or its text; a near miss is named.

    >>> one_of(Party, "clients", "ended_by")
    Traceback (most recent call last):
    rules_engine.model.ScenarioError: ended_by: expected one of freelancer, agency, client, got 'clients' (did you mean 'client'?)
    """
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        try:
            return enum(value)
        except ValueError:
            pass
    values = [member.value for member in enum]
    near = difflib.get_close_matches(value.strip().lower(), values, n=1, cutoff=0.75) if isinstance(value, str) else []
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    raise ScenarioError(path, f"expected one of {', '.join(values)}, got {quote_value(value)}{hint}")


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
    """Time logged in an hourly contract's work diary during the billing week the contract ends in."""

    hours: Decimal
    eligible: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", _hours(self.hours, "hours"))
        _flag(self.eligible, "eligible")


@dataclass(frozen=True)
class Milestone:
    """A fixed-price milestone; `amount` is what it is worth, `status` where its money is.

    `released_at`, for a released milestone, is when its money was released (optional).
    """

    name: str
    amount: Decimal
    status: MilestoneStatus
    released_at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise ScenarioError("name", f"expected text, got {quote_value(self.name)}")
        if not self.name.strip():
            raise ScenarioError("name", "must not be empty")
        object.__setattr__(self, "amount", _money(self.amount, "amount", positive=True))
        object.__setattr__(self, "status", one_of(MilestoneStatus, self.status, "status"))
        if self.released_at is not None:
            if self.status is not MilestoneStatus.RELEASED:
                raise ScenarioError("released_at", f"only released milestones have a release time; this one is "
                                                   f"{self.status.value} (remove released_at, or set status to released)")
            object.__setattr__(self, "released_at", _moment(self.released_at, "released_at"))


@dataclass(frozen=True)
class Contract:
    """An hourly contract (rate, logged hours) or a fixed-price one (escrow balance, milestones).

    `escrow_balance` is the money in escrow (project funds) when the contract ends: money released
    for a milestone has left escrow and is not part of it. Each funded milestone holds its amount
    of that balance; what no funded milestone holds is unassigned. By default the balance is
    exactly what the funded milestones hold.
    """

    type: ContractType
    hourly_rate: Decimal | None = None
    logged_hours: tuple[LoggedHours, ...] = ()
    escrow_balance: Decimal | None = None
    milestones: tuple[Milestone, ...] = ()
    provider: Provider = Provider.FREELANCER

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", one_of(ContractType, self.type, "type"))
        object.__setattr__(self, "provider", one_of(Provider, self.provider, "provider"))
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
            raise ScenarioError("hourly_rate", "is required for hourly contracts, like \"40.00\"")
        hourly_rate = _money(self.hourly_rate, "hourly_rate", positive=True)
        object.__setattr__(self, "hourly_rate", hourly_rate)
        if self.escrow_balance is not None:
            raise ScenarioError("escrow_balance", "only fixed_price contracts have an escrow balance; "
                                                  "remove it, or set type to fixed_price")
        if self.milestones:
            raise ScenarioError("milestones", "only fixed_price contracts have milestones; "
                                              "remove them, or set type to fixed_price")

    def _check_fixed_price(self) -> None:
        if self.hourly_rate is not None:
            raise ScenarioError("hourly_rate", "only hourly contracts have an hourly rate; "
                                               "remove it, or set type to hourly")
        if self.logged_hours:
            raise ScenarioError("logged_hours", "only hourly contracts have logged hours; "
                                                "remove them, or set type to hourly")
        held = sum((m.amount for m in self.milestones if m.status is MilestoneStatus.FUNDED), Decimal("0.00"))
        if self.escrow_balance is None:
            object.__setattr__(self, "escrow_balance", held)
            return
        balance = _money(self.escrow_balance, "escrow_balance", positive=False)
        object.__setattr__(self, "escrow_balance", balance)
        # Funded milestones hold their money in escrow: together they cannot hold more than is there.
        drawn = Decimal("0.00")
        for index, milestone in enumerate(self.milestones):
            if milestone.status is not MilestoneStatus.FUNDED:
                continue
            if drawn + milestone.amount > balance:
                raise ScenarioError(
                    f"milestones[{index}]",
                    f"funded {milestone.amount} is more than the {balance - drawn} of escrow_balance {balance} "
                    "that earlier funded milestones leave; escrow_balance is the money in escrow now "
                    "(released milestones are no longer in it): raise it, or mark the milestone released "
                    "or unfunded")
            drawn += milestone.amount

    @property
    def unassigned_funds(self) -> Decimal:
        """Escrow money no funded milestone holds (fixed-price only)."""
        held = sum((m.amount for m in self.milestones if m.status is MilestoneStatus.FUNDED), Decimal("0.00"))
        return (self.escrow_balance or Decimal("0.00")) - held


def _moment(value: object, path: str) -> datetime:
    if not isinstance(value, datetime):
        raise ScenarioError(path, f"expected a datetime like {_MOMENT_EXAMPLE}, got {quote_value(value)}")
    if value.utcoffset() is None:
        raise ScenarioError(path, f"must include a time zone, like {_MOMENT_EXAMPLE}, got {value.isoformat()}")
    return value.astimezone(timezone.utc)


def _zone(value: object, path: str) -> str:
    if value is None:
        return "UTC"
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(path, f"expected an IANA time zone name like Europe/Berlin, got {quote_value(value)}")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScenarioError(path, f"expected an IANA time zone name like Europe/Berlin or America/New_York, "
                                  f"got {quote_value(value)}") from None
    return value


@dataclass(frozen=True)
class Scenario:
    """One contract being ended: by whom, why, when (stored in UTC), and for whom it is explained.

    `timezone` (an IANA name) is the zone the asker reads times in; the rules' sentences give
    times in it. `asked_by` is who wants to know (by default, whoever ended the contract).
    """

    contract: Contract
    ended_by: Party
    off_platform: bool
    ended_at: datetime
    timezone: str | None = None  # None means UTC
    asked_by: Party | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.contract, Contract):
            got = quote_value(self.contract)
            raise ScenarioError("contract", f"expected a Contract, got {got}")
        ended_by = one_of(Party, self.ended_by, "ended_by")
        object.__setattr__(self, "ended_by", ended_by)
        _flag(self.off_platform, "off_platform")
        object.__setattr__(self, "ended_at", _moment(self.ended_at, "ended_at"))
        object.__setattr__(self, "timezone", _zone(self.timezone, "timezone"))
        asked_by = self.asked_by if self.asked_by is None else one_of(Party, self.asked_by, "asked_by")
        object.__setattr__(self, "asked_by", asked_by or ended_by)
        provider = self.contract.provider.value
        for key, party in (("ended_by", ended_by), ("asked_by", self.asked_by)):
            if party is not Party.CLIENT and party.value != provider:
                raise ScenarioError(key, f"this contract's provider is {_article(provider)} {provider}, so write "
                                         f"\"{provider}\" or \"client\", got {quote_value(party.value)} "
                                         f"(or set contract.provider to \"{party.value}\")")

    @property
    def provider(self) -> str:
        """How the sentences name who does the work: "freelancer" or "agency"."""
        return self.contract.provider.value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone or "UTC")


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


@dataclass(frozen=True)
class Consequence:
    """One thing that happens because the contract ended, in a sentence support can paste.

    `sentence` is English. `message` and `args` are what it was said from (a key of
    ``rules_engine.messages`` and its values), so it can be said in another language; a
    consequence built with a sentence only is said in English in every language.
    """

    code: str
    kind: Kind
    sentence: str
    amount: Decimal | None = None
    until: datetime | None = None
    rule_id: str = ""  # filled in by the engine, so a rule need not repeat its own id
    at: datetime | None = None  # when it happens, for a SCHEDULE consequence
    message: str = ""  # the messages key the sentence was made from ("" when it was written as is)
    args: tuple[tuple[str, object], ...] = ()  # the message's values, by placeholder name
