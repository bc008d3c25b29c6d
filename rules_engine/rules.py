"""The rules of ending a contract: one small pure function each, registered under a stable id.

Articles cite rule ids in their claims, so an id never changes once published. Each rule's
docstring is its public explanation: the first line is the title, the prose after it is shown to
readers, and the ``>>>`` examples are the proof that the build runs (see ``verify.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from . import settings
from .model import CENT, Consequence, ContractType, Kind, MilestoneStatus, Scenario

RuleFunction = Callable[[Scenario], tuple[Consequence, ...]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, the words that explain it, and the function that applies it."""

    id: str
    title: str
    explanation: str
    applies_to: tuple[ContractType, ...]  # empty: every contract
    otherwise: str  # why it did not fire, when it returns no consequences
    function: RuleFunction

    def applies(self, scenario: Scenario) -> bool:
        return not self.applies_to or scenario.contract.type in self.applies_to

    def __call__(self, scenario: Scenario) -> tuple[Consequence, ...]:
        produced = tuple(self.function(scenario))
        for consequence in produced:
            if not isinstance(consequence, Consequence):
                raise TypeError(f"rule {self.id} returned {consequence!r}, not a Consequence")
        return tuple(replace(consequence, rule_id=self.id) for consequence in produced)

    def to_dict(self) -> dict[str, object]:
        """What a site page needs to explain the rule to readers."""
        return {
            "id": self.id,
            "title": self.title,
            "explanation": self.explanation,
            "applies_to": [contract_type.value for contract_type in self.applies_to],
        }


# Filled by @rule in the order the rules are defined below, which is the order they are applied
# and traced in.
RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    applies_to: tuple[ContractType, ...] = (),
    otherwise: str = "Nothing in this scenario calls for it.",
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule `rule_id`; the function itself is unchanged."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        title, explanation = _title_and_explanation(function)
        RULES[rule_id] = Rule(rule_id, title, explanation, tuple(applies_to), otherwise, function)
        return function

    return register


def describe_rule(rule_id: str) -> Rule:
    """The registered rule `rule_id`, with its title and explanation for readers."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule id {rule_id!r}; known ids: {', '.join(RULES)}") from None


def _title_and_explanation(function: RuleFunction) -> tuple[str, str]:
    doc = inspect.cleandoc(function.__doc__ or "")
    if not doc:
        raise ValueError(f"rule {function.__name__} needs a docstring: its first line is the title")
    title, *rest = doc.splitlines()
    prose: list[str] = []
    for line in rest:
        if line.lstrip().startswith(">>>"):
            break
        prose.append(line.strip())
    paragraphs = " ".join(line or "\n\n" for line in prose).split("\n\n")
    # Titles are shown as headings on the site, where a closing full stop looks out of place.
    return title.strip().rstrip("."), "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _when(moment: datetime) -> str:
    # Minutes are as precise as a support agent quotes a time; outcomes keep the exact moment.
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _duration(window: timedelta) -> str:
    if window % timedelta(days=1):
        return str(window)
    days = window.days
    return f"{days} day" if days == 1 else f"{days} days"


def _hours(hours: Decimal) -> str:
    number = format(hours.normalize(), "f")
    return f"{number} hour" if hours == 1 else f"{number} hours"


def _party(scenario: Scenario) -> str:
    return f"The {scenario.ended_by.value}"


def feedback_open_until(closed_at: datetime) -> datetime:
    """The first moment feedback can no longer be left for a contract closed at `closed_at`."""
    return closed_at + settings.FEEDBACK_WINDOW


def feedback_is_open(closed_at: datetime, at: datetime) -> bool:
    """Whether feedback can be left at `at`: closed_at <= at < closed_at + FEEDBACK_WINDOW."""
    if at.utcoffset() is None:
        raise ValueError(f"at: must include a time zone, got {at.isoformat()}")
    return closed_at <= at < feedback_open_until(closed_at)


@rule("contract.end-any-time")
def end_any_time(scenario: Scenario) -> tuple[Consequence, ...]:
    """Either side can end a contract at any time.

    The freelancer, the agency or the client can end a contract whenever they choose. The
    contract closes at the moment it is ended; every other consequence counts from that moment.

    >>> from rules_engine.sample import hourly, fixed_price, show
    >>> show(end_any_time(hourly(ended_by="freelancer")))
    contract.ended
      The freelancer ended the contract at 2026-11-26 10:00 UTC; either side can end a contract at any time.
    >>> show(end_any_time(fixed_price("0.00", ended_by="agency", ended_at="2026-03-01T09:30:00+01:00")))
    contract.ended
      The agency ended the contract at 2026-03-01 08:30 UTC; either side can end a contract at any time.
    """
    return (
        Consequence(
            "contract.ended",
            Kind.STATUS,
            f"{_party(scenario)} ended the contract at {_when(scenario.ended_at)}; "
            "either side can end a contract at any time.",
        ),
    )


@rule(
    "policy.circumvention",
    otherwise="The contract was not ended to take work or payments off-platform.",
)
def circumvention(scenario: Scenario) -> tuple[Consequence, ...]:
    """Ending a contract to take work or payments off-platform is circumvention.

    The contract still ends, but ending it in order to move work or payments outside the
    platform breaks the Terms of Service and can lead to account suspension, so the outcome
    carries a flag for support.

    >>> from rules_engine.sample import hourly, show
    >>> show(circumvention(hourly(ended_by="client", off_platform=True)))
    policy.circumvention
      The client ended the contract to take work or payments off-platform. That is circumvention under the Terms of Service and can lead to account suspension; the contract still ends.
    >>> show(circumvention(hourly(off_platform=False)))
    (no consequences)
    """
    if not scenario.reason_moves_off_platform:
        return ()
    return (
        Consequence(
            "policy.circumvention",
            Kind.FLAG,
            f"{_party(scenario)} ended the contract to take work or payments off-platform. "
            "That is circumvention under the Terms of Service and can lead to account "
            "suspension; the contract still ends.",
        ),
    )


@rule("feedback.both-sides")
def feedback_both_sides(scenario: Scenario) -> tuple[Consequence, ...]:
    """Both sides can leave feedback for each other after a contract closes.

    When a contract closes, the client and the freelancer or agency each get the chance to leave
    feedback for the other, for the length of the feedback window (settings.FEEDBACK_WINDOW, 14
    days). Feedback can be left from the moment the contract closes up to, but not including,
    that moment plus the window.

    >>> from datetime import datetime, timezone
    >>> from rules_engine.sample import hourly, show
    >>> scenario = hourly(ended_at="2026-11-26T10:00:00Z")
    >>> show(feedback_both_sides(scenario))
    feedback.open until 2026-12-10 10:00:00 UTC
      Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, 14 days after the contract closed.

    The window's edges, to the microsecond:

    >>> closed_at = scenario.ended_at
    >>> feedback_is_open(closed_at, datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc))
    True
    >>> feedback_is_open(closed_at, datetime(2026, 12, 10, 9, 59, 59, 999999, tzinfo=timezone.utc))
    True
    >>> feedback_is_open(closed_at, datetime(2026, 12, 10, 10, 0, tzinfo=timezone.utc))
    False
    >>> feedback_is_open(closed_at, datetime(2026, 11, 26, 9, 59, 59, 999999, tzinfo=timezone.utc))
    False
    """
    until = feedback_open_until(scenario.ended_at)
    return (
        Consequence(
            "feedback.open",
            Kind.STATUS,
            f"Both sides can leave feedback for each other until {_when(until)}, "
            f"{_duration(settings.FEEDBACK_WINDOW)} after the contract closed.",
            until=until,
        ),
    )


@rule("hourly.diary-locks", applies_to=(ContractType.HOURLY,))
def diary_locks(scenario: Scenario) -> tuple[Consequence, ...]:
    """An hourly contract's work diary locks when the contract closes.

    Once an hourly contract is closed, no hours can be added to its work diary and hours already
    logged can no longer be edited.

    >>> from rules_engine.sample import hourly, show
    >>> show(diary_locks(hourly(ended_at="2026-11-26T10:00:00Z")))
    hourly.diary-locked
      The work diary locks at 2026-11-26 10:00 UTC; no hours can be added or edited after that.
    """
    return (
        Consequence(
            "hourly.diary-locked",
            Kind.STATUS,
            f"The work diary locks at {_when(scenario.ended_at)}; "
            "no hours can be added or edited after that.",
        ),
    )


@rule(
    "hourly.eligible-time-paid",
    applies_to=(ContractType.HOURLY,),
    otherwise="No eligible time was logged, so ending the contract pays nothing.",
)
def eligible_time_paid(scenario: Scenario) -> tuple[Consequence, ...]:
    """Eligible logged time is still paid after an hourly contract ends.

    Ending an hourly contract does not cancel payment for eligible time already logged: it is
    paid at the contract's hourly rate, the total hours times the rate rounded half up to the
    cent. Logged time that is not eligible is not paid by ending the contract.

    >>> from rules_engine.sample import hourly, show
    >>> show(eligible_time_paid(hourly("40.00", [(5, True), (2, False)])))
    hourly.time-paid 200.00
      The freelancer is paid 200.00 for 5 hours of eligible logged time at 40.00 an hour.
    hourly.ineligible-time-unpaid
      Ending the contract does not pay for 2 hours of logged time that is not eligible.
    >>> show(eligible_time_paid(hourly("33.33", [("1.5", True), ("0.25", True)])))
    hourly.time-paid 58.33
      The freelancer is paid 58.33 for 1.75 hours of eligible logged time at 33.33 an hour.
    >>> show(eligible_time_paid(hourly("40.00", [])))
    (no consequences)
    """
    hourly_rate = scenario.contract.hourly_rate
    assert hourly_rate is not None  # guaranteed for hourly contracts by Contract
    eligible = sum((h.hours for h in scenario.contract.logged_hours if h.eligible), Decimal(0))
    ineligible = sum((h.hours for h in scenario.contract.logged_hours if not h.eligible), Decimal(0))
    consequences = []
    if eligible:
        paid = (eligible * hourly_rate).quantize(CENT, rounding=ROUND_HALF_UP)
        consequences.append(
            Consequence(
                "hourly.time-paid",
                Kind.PAYMENT,
                f"The freelancer is paid {paid} for {_hours(eligible)} of eligible logged time "
                f"at {hourly_rate} an hour.",
                amount=paid,
            )
        )
    if ineligible:
        consequences.append(
            Consequence(
                "hourly.ineligible-time-unpaid",
                Kind.STATUS,
                f"Ending the contract does not pay for {_hours(ineligible)} of logged time "
                "that is not eligible.",
            )
        )
    return tuple(consequences)


@rule(
    "fixed.released-milestones-kept",
    applies_to=(ContractType.FIXED_PRICE,),
    otherwise="No milestone was released, so there is no milestone payment to keep.",
)
def released_milestones_kept(scenario: Scenario) -> tuple[Consequence, ...]:
    """Money released for a milestone stays with the freelancer.

    Ending a fixed-price contract does not take back milestone payments that were already
    released; no money moves for them.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(released_milestones_kept(fixed_price("800.00", [
    ...     ("Design", "300.00", "released"), ("Build", "400.00", "funded")])))
    fixed.milestone-kept 300.00
      Milestone "Design" was released: the freelancer keeps its 300.00.
    >>> show(released_milestones_kept(fixed_price("400.00", [("Build", "400.00", "funded")])))
    (no consequences)
    """
    return tuple(
        Consequence(
            "fixed.milestone-kept",
            Kind.KEPT,
            f'Milestone "{milestone.name}" was released: the freelancer keeps its {milestone.amount}.',
            amount=milestone.amount,
        )
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.RELEASED
    )


@rule(
    "fixed.unused-funds-refunded",
    applies_to=(ContractType.FIXED_PRICE,),
    otherwise="All project funds were released as milestone payments, so nothing goes back to the client.",
)
def unused_funds_refunded(scenario: Scenario) -> tuple[Consequence, ...]:
    """Unused project funds go back to the client.

    When a fixed-price contract ends, money in project funds that was not released as part of a
    milestone goes back to the client: the amount of every funded milestone that was not
    released, and any project funds no milestone was funded from.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(unused_funds_refunded(fixed_price("800.00", [
    ...     ("Design", "300.00", "released"), ("Build", "400.00", "funded"),
    ...     ("Launch", "250.00", "unfunded")])))
    fixed.milestone-refunded 400.00
      Milestone "Build" was funded but not released: its 400.00 goes back to the client.
    fixed.unassigned-funds-refunded 100.00
      100.00 of project funds not assigned to any milestone goes back to the client.
    >>> show(unused_funds_refunded(fixed_price("300.00", [("Design", "300.00", "released")])))
    (no consequences)
    """
    consequences = [
        Consequence(
            "fixed.milestone-refunded",
            Kind.REFUND,
            f'Milestone "{milestone.name}" was funded but not released: '
            f"its {milestone.amount} goes back to the client.",
            amount=milestone.amount,
        )
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.FUNDED
    ]
    unassigned = scenario.contract.unassigned_funds
    if unassigned:
        consequences.append(
            Consequence(
                "fixed.unassigned-funds-refunded",
                Kind.REFUND,
                f"{unassigned} of project funds not assigned to any milestone goes back to the client.",
                amount=unassigned,
            )
        )
    return tuple(consequences)


@rule(
    "fixed.unfunded-milestones-close",
    applies_to=(ContractType.FIXED_PRICE,),
    otherwise="No milestone is unfunded.",
)
def unfunded_milestones_close(scenario: Scenario) -> tuple[Consequence, ...]:
    """Unfunded milestones close with no money moving.

    A milestone the client never funded has no money in project funds, so when a fixed-price
    contract ends it simply closes: nothing is paid and nothing is refunded for it.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(unfunded_milestones_close(fixed_price("300.00", [
    ...     ("Design", "300.00", "released"), ("Launch", "250.00", "unfunded")])))
    fixed.milestone-closed-unfunded
      Milestone "Launch" was never funded: it closes and no money moves.
    >>> show(unfunded_milestones_close(fixed_price("300.00", [("Design", "300.00", "funded")])))
    (no consequences)
    """
    return tuple(
        Consequence(
            "fixed.milestone-closed-unfunded",
            Kind.STATUS,
            f'Milestone "{milestone.name}" was never funded: it closes and no money moves.',
        )
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.UNFUNDED
    )
