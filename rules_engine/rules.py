"""The rules of ending a contract: one small pure function each, registered under a stable id.

Articles cite rule ids in their claims, so an id never changes once published. Each rule's
docstring is its public explanation: the first line is the title, the prose after it is shown to
readers, and the ``>>>`` examples are the proof that the build runs (see ``verify.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from . import messages, settings
from .model import CENT, Consequence, ContractType, Kind, MilestoneStatus, Scenario

RuleFunction = Callable[[Scenario], tuple[Consequence, ...]]


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id, the words that explain it, and the function that applies it."""

    id: str
    title: str
    explanation: str
    applies_to: tuple[ContractType, ...]  # empty: every contract
    function: RuleFunction

    def applies(self, scenario: Scenario) -> bool:
        return not self.applies_to or scenario.contract.type in self.applies_to

    @property
    def otherwise_key(self) -> str:
        """The messages key of why it did not fire: ``otherwise.<id>``, else the general ``otherwise``."""
        key = f"otherwise.{self.id}"
        return key if messages.has(messages.SOURCE, key) else "otherwise"

    def otherwise_in(self, lang: str) -> str:
        """Why it did not fire, when it returns no consequences, in `lang`."""
        return messages.render(lang, self.otherwise_key)

    @property
    def otherwise(self) -> str:
        """Why it did not fire, in English."""
        return self.otherwise_in(messages.SOURCE)

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
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the rule `rule_id`; the function itself is unchanged.

    Why it did not fire, when it returns nothing, is the message ``otherwise.<rule_id>`` of
    ``messages/en.py`` (and its translations), else the general ``otherwise``.
    """

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULES:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        title, explanation = _title_and_explanation(function)
        RULES[rule_id] = Rule(rule_id, title, explanation, tuple(applies_to), function)
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


def _said(
    key: str,
    kind: Kind,
    scenario: Scenario,
    args: dict[str, object],
    *,
    code: str = "",
    amount: Decimal | None = None,
    at: datetime | None = None,
    until: datetime | None = None,
) -> Consequence:
    """A consequence said with the message `key` of ``messages`` and its `args` (its code is `key`,
    unless `code` is given).

    The sentence is English, with times in the asker's time zone (to the minute, as a support
    agent quotes a time; the consequence keeps the exact moment). The message and its values are
    kept, so the same consequence can be said in any language of ``messages``.
    """
    sentence = messages.render(messages.SOURCE, key, args, scenario.zone)
    return Consequence(code or key, kind, sentence, amount=amount, until=until, at=at,
                       message=key, args=tuple(args.items()))


def _eligible(scenario: Scenario) -> tuple[Decimal, Decimal]:
    """(eligible hours, what they are paid) of an hourly scenario."""
    hourly_rate = scenario.contract.hourly_rate
    assert hourly_rate is not None  # guaranteed for hourly contracts by Contract
    eligible = sum((h.hours for h in scenario.contract.logged_hours if h.eligible), Decimal(0))
    return eligible, (eligible * hourly_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def billing_week(moment: datetime) -> tuple[datetime, datetime]:
    """The hourly billing week holding `moment`: its first moment and the first moment after it.

    A billing week runs from Monday 00:00 UTC up to, not including, the next Monday 00:00 UTC
    (the articles say "to Sunday 23:59 UTC").

    >>> from datetime import datetime, timezone
    >>> wednesday = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)
    >>> [f"{m:%a %Y-%m-%d %H:%M}" for m in billing_week(wednesday)]
    ['Mon 2026-11-23 00:00', 'Mon 2026-11-30 00:00']
    >>> [f"{m:%a %Y-%m-%d %H:%M}" for m in billing_week(datetime(2026, 11, 29, 23, 59, tzinfo=timezone.utc))]
    ['Mon 2026-11-23 00:00', 'Mon 2026-11-30 00:00']
    >>> [f"{m:%a %Y-%m-%d %H:%M}" for m in billing_week(datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc))]
    ['Mon 2026-11-30 00:00', 'Mon 2026-12-07 00:00']
    """
    utc = moment.astimezone(timezone.utc)
    days_in = (utc.weekday() - settings.BILLING_WEEK_STARTS) % 7
    start = datetime.combine(utc.date() - timedelta(days=days_in), time(0, 0), tzinfo=timezone.utc)
    return start, start + timedelta(days=7)


def hourly_billed_at(moment: datetime) -> datetime:
    """When hours logged at `moment` are billed to the client: the Monday after their billing week.

    >>> from datetime import datetime, timezone
    >>> f"{hourly_billed_at(datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}"
    'Monday 2026-11-30 00:00'

    Over the end-of-year holidays some weeks are billed on other days (``settings.HOLIDAY_WEEKS``):
    hours of 28 December 2026 to 3 January 2027 are billed on Tuesday 5 January.

    >>> f"{hourly_billed_at(datetime(2026, 12, 30, 17, 0, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}"
    'Tuesday 2027-01-05 00:00'
    """
    changed = _holiday_week(moment)
    if changed:
        return datetime.combine(changed[0], time(0, 0), tzinfo=timezone.utc)
    return billing_week(moment)[1] + timedelta(days=settings.BILLED_DAYS_AFTER_WEEK)


def _holiday_week(moment: datetime):
    """(billed on, review ends on) of the billing week holding `moment` when the holiday schedule
    changes them (``settings.HOLIDAY_WEEKS``), else None."""
    return settings.HOLIDAY_WEEKS.get(billing_week(moment)[0].date())


def hourly_review_ends_at(moment: datetime) -> datetime:
    """The last minute the client can dispute hours logged at `moment`: Friday 23:59 UTC after billing.

    >>> from datetime import datetime, timezone
    >>> f"{hourly_review_ends_at(datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}"
    'Friday 2026-12-04 23:59'

    Or as the holiday schedule changes it (``settings.HOLIDAY_WEEKS``): hours of 21 to 27 December
    2026 until Thursday 31 December, those of the week after until Saturday 9 January.

    >>> [f"{hourly_review_ends_at(datetime(2026, 12, d, 12, 0, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}" for d in (23, 30)]
    ['Thursday 2026-12-31 23:59', 'Saturday 2027-01-09 23:59']
    """
    changed = _holiday_week(moment)
    if changed:
        return datetime.combine(changed[1], settings.REVIEW_ENDS_AT, tzinfo=timezone.utc)
    day = hourly_billed_at(moment).date() + timedelta(days=settings.REVIEW_ENDS_DAYS_AFTER_BILLING)
    return datetime.combine(day, settings.REVIEW_ENDS_AT, tzinfo=timezone.utc)


def hourly_available_at(moment: datetime) -> datetime:
    """When pay for hours logged at `moment` reaches the available balance: five days after review.

    The security period starts when the review ends; the money is available from the start
    (00:00 UTC) of the fifth day after the review's last day: a Wednesday, about ten days after
    the billing week ended, except in the holiday weeks, whose review ends on another day.

    >>> from datetime import datetime, timezone
    >>> f"{hourly_available_at(datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}"
    'Wednesday 2026-12-09 00:00'
    """
    day = hourly_review_ends_at(moment).date() + timedelta(days=settings.SECURITY_PERIOD_DAYS)
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def milestone_available_at(released_at: datetime) -> datetime:
    """When a released milestone's money reaches the available balance: after the 5-day security period.

    >>> from datetime import datetime, timezone
    >>> f"{milestone_available_at(datetime(2026, 11, 20, 15, 30, tzinfo=timezone.utc)):%A %Y-%m-%d %H:%M}"
    'Wednesday 2026-11-25 15:30'

    Released over the end-of-year holidays (``settings.HOLIDAY_MILESTONES_RELEASED``, 24 December
    2026 to 2 January 2027): by the end of 7 January at the latest.

    >>> [f"{milestone_available_at(datetime(y, m, d, 9, 0, tzinfo=timezone.utc)):%a %Y-%m-%d %H:%M}"
    ...  for y, m, d in ((2026, 12, 23), (2026, 12, 24), (2027, 1, 2), (2027, 1, 3))]
    ['Mon 2026-12-28 09:00', 'Thu 2027-01-07 23:59', 'Thu 2027-01-07 23:59', 'Fri 2027-01-08 09:00']
    """
    if released_over_the_holidays(released_at):
        return datetime.combine(settings.HOLIDAY_MILESTONES_BY, time(23, 59), tzinfo=timezone.utc)
    return released_at + timedelta(days=settings.SECURITY_PERIOD_DAYS)


def released_over_the_holidays(released_at: datetime) -> bool:
    """Whether a milestone released at `released_at` follows the holiday schedule."""
    first, last = settings.HOLIDAY_MILESTONES_RELEASED
    return first <= released_at.astimezone(timezone.utc).date() <= last


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
    return (_said("contract.ended", Kind.STATUS, scenario, {"party": scenario.ended_by, "ended_at": scenario.ended_at}),)


@rule("policy.circumvention")
def circumvention(scenario: Scenario) -> tuple[Consequence, ...]:
    """Ending a contract to take work or payments off-platform is circumvention.

    The contract still ends, but ending it in order to move work or payments outside the
    platform breaks the Terms of Service and can lead to account suspension, so the outcome
    carries a flag for support.

    >>> from rules_engine.sample import hourly, show
    >>> show(circumvention(hourly(ended_by="client", off_platform=True)))
    policy.circumvention
      The client ended the contract to take work or payments off-platform, which is circumvention under the Terms of Service and can lead to account suspension; the contract still ends.
    >>> show(circumvention(hourly(off_platform=False)))
    (no consequences)
    """
    if not scenario.off_platform:
        return ()
    return (_said("policy.circumvention", Kind.FLAG, scenario, {"party": scenario.ended_by}),)


@rule("feedback.both-sides")
def feedback_both_sides(scenario: Scenario) -> tuple[Consequence, ...]:
    """Both sides can leave feedback for each other after a contract closes.

    When a contract closes, the client and the freelancer or agency each get the chance to leave
    feedback for the other during the 14-day feedback window. Feedback can be left from the
    moment the contract closes up to, but not including, that moment plus the window.

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
    return (_said("feedback.open", Kind.STATUS, scenario, {"until": until, "window": settings.FEEDBACK_WINDOW},
                  until=until),)


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
    return (_said("hourly.diary-locked", Kind.STATUS, scenario, {"at": scenario.ended_at}),)


@rule("hourly.eligible-time-paid", applies_to=(ContractType.HOURLY,))
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
    eligible, paid = _eligible(scenario)
    ineligible = sum((h.hours for h in scenario.contract.logged_hours if not h.eligible), Decimal(0))
    consequences = []
    if eligible:
        consequences.append(_said("hourly.time-paid", Kind.PAYMENT, scenario, {
            "provider": scenario.provider, "paid": paid, "hours": eligible, "rate": hourly_rate}, amount=paid))
    if ineligible:
        consequences.append(_said("hourly.ineligible-time-unpaid", Kind.STATUS, scenario, {"hours": ineligible}))
    return tuple(consequences)


@rule("hourly.weekly-billing", applies_to=(ContractType.HOURLY,))
def weekly_billing(scenario: Scenario) -> tuple[Consequence, ...]:
    """Hours are billed weekly, and the client can dispute them until the Friday after.

    Eligible hours logged in a billing week (Monday 00:00 UTC to Sunday 23:59 UTC) are billed to
    the client on the following Monday, also when the contract ended during that week. The
    client can dispute them until the review period ends on the Friday after, at 23:59 UTC. Over
    the end-of-year holidays, two weeks follow the holiday schedule: hours of 21 to 27 December
    2026 can be disputed until Thursday 31 December, and those of 28 December to 3 January are
    billed on Tuesday 5 January and can be disputed until Saturday 9 January.

    >>> from rules_engine.sample import hourly, show
    >>> show(weekly_billing(hourly("40.00", [(5, True)], ended_at="2026-11-25T10:00:00Z")))
    hourly.billed 200.00 at Monday 2026-11-30 00:00 until Friday 2026-12-04 23:59
      The 5 eligible hours are billed to the client on Monday 2026-11-30 00:00 UTC, and the client can dispute them until Friday 2026-12-04 23:59 UTC.

    In the asker's time zone, the same moments:

    >>> show(weekly_billing(hourly("40.00", [(5, True)], ended_at="2026-11-25T10:00:00Z",
    ...                            timezone="America/New_York")))
    hourly.billed 200.00 at Monday 2026-11-30 00:00 until Friday 2026-12-04 23:59
      The 5 eligible hours are billed to the client on Sunday 2026-11-29 19:00 EST, and the client can dispute them until Friday 2026-12-04 18:59 EST.
    >>> show(weekly_billing(hourly("40.00", [(3, False)])))
    (no consequences)
    >>> show(weekly_billing(hourly("30.00", [(10, True)], ended_at="2026-12-30T17:00:00Z")))
    hourly.billed 300.00 at Tuesday 2027-01-05 00:00 until Saturday 2027-01-09 23:59
      The 10 eligible hours are billed to the client on Tuesday 2027-01-05 00:00 UTC, and the client can dispute them until Saturday 2027-01-09 23:59 UTC.
    >>> show(weekly_billing(hourly("30.00", [(10, True)], ended_at="2026-12-23T17:00:00Z")))
    hourly.billed 300.00 at Monday 2026-12-28 00:00 until Thursday 2026-12-31 23:59
      The 10 eligible hours are billed to the client on Monday 2026-12-28 00:00 UTC, and the client can dispute them until Thursday 2026-12-31 23:59 UTC.
    """
    eligible, paid = _eligible(scenario)
    if not eligible:
        return ()
    billed, review_ends = hourly_billed_at(scenario.ended_at), hourly_review_ends_at(scenario.ended_at)
    return (
        _said("hourly.billed", Kind.SCHEDULE, scenario, {"hours": eligible, "billed": billed, "until": review_ends},
              amount=paid, at=billed, until=review_ends),
    )


@rule("fixed.released-milestones-kept", applies_to=(ContractType.FIXED_PRICE,))
def released_milestones_kept(scenario: Scenario) -> tuple[Consequence, ...]:
    """Money released for a milestone stays with the freelancer or agency.

    Ending a fixed-price contract does not take back milestone payments that were already
    released; no money moves for them.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(released_milestones_kept(fixed_price("400.00", [
    ...     ("Design", "300.00", "released"), ("Build", "400.00", "funded")])))
    fixed.milestone-kept 300.00
      Milestone "Design" was released: the freelancer keeps its 300.00.
    >>> show(released_milestones_kept(fixed_price("400.00", [("Build", "400.00", "funded")])))
    (no consequences)
    """
    return tuple(
        _said("fixed.milestone-kept", Kind.KEPT, scenario, {
            "milestone": milestone.name, "provider": scenario.provider, "amount": milestone.amount},
            amount=milestone.amount)
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.RELEASED
    )


@rule("fixed.unused-funds-refunded", applies_to=(ContractType.FIXED_PRICE,))
def unused_funds_refunded(scenario: Scenario) -> tuple[Consequence, ...]:
    """Unused project funds go back to the client.

    When a fixed-price contract ends, the money still in project funds (escrow), which was not
    released as part of a milestone, goes back to the client: the amount of every funded
    milestone that was not released, and any money in escrow that no milestone holds.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(unused_funds_refunded(fixed_price("500.00", [
    ...     ("Design", "300.00", "released"), ("Build", "400.00", "funded"),
    ...     ("Launch", "250.00", "unfunded")])))
    fixed.milestone-refunded 400.00
      Milestone "Build" was funded but not released: its 400.00 goes back to the client.
    fixed.unassigned-funds-refunded 100.00
      100.00 in escrow that no milestone holds goes back to the client.
    >>> show(unused_funds_refunded(fixed_price("0.00", [("Design", "300.00", "released")])))
    (no consequences)
    """
    consequences = [
        _said("fixed.milestone-refunded", Kind.REFUND, scenario, {"milestone": milestone.name, "amount": milestone.amount},
              amount=milestone.amount)
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.FUNDED
    ]
    unassigned = scenario.contract.unassigned_funds
    if unassigned:
        consequences.append(_said("fixed.unassigned-funds-refunded", Kind.REFUND, scenario, {"amount": unassigned},
                                  amount=unassigned))
    return tuple(consequences)


@rule("fixed.unfunded-milestones-close", applies_to=(ContractType.FIXED_PRICE,))
def unfunded_milestones_close(scenario: Scenario) -> tuple[Consequence, ...]:
    """Unfunded milestones close with no money moving.

    A milestone the client never funded has no money in project funds, so when a fixed-price
    contract ends it simply closes: nothing is paid and nothing is refunded for it.

    >>> from rules_engine.sample import fixed_price, show
    >>> show(unfunded_milestones_close(fixed_price("0.00", [
    ...     ("Design", "300.00", "released"), ("Launch", "250.00", "unfunded")])))
    fixed.milestone-closed-unfunded
      Milestone "Launch" was never funded: it closes and no money moves.
    >>> show(unfunded_milestones_close(fixed_price("300.00", [("Design", "300.00", "funded")])))
    (no consequences)
    """
    return tuple(
        _said("fixed.milestone-closed-unfunded", Kind.STATUS, scenario, {"milestone": milestone.name})
        for milestone in scenario.contract.milestones
        if milestone.status is MilestoneStatus.UNFUNDED
    )


@rule("payment.security-period")
def security_period(scenario: Scenario) -> tuple[Consequence, ...]:
    """Money paid to the freelancer or agency is available after the security period.

    Pay for hourly time reaches the available balance after the review period and the 5-day
    security period: on the fifth day after the review ends (from 00:00 UTC; a Wednesday, but in
    the holiday weeks), about ten days after the billing week. A released fixed-price milestone is available 5 days after its
    release; one released from 24 December 2026 to 2 January 2027 by the end of 7 January at the
    latest (the holiday schedule).

    >>> from rules_engine.sample import fixed_price, hourly, show
    >>> show(security_period(hourly("40.00", [(5, True)], ended_at="2026-11-25T10:00:00Z")))
    payment.available 200.00 at Wednesday 2026-12-09 00:00
      The freelancer's 200.00 reaches their available balance on Wednesday 2026-12-09 00:00 UTC, after the review period and the 5-day security period.
    >>> show(security_period(fixed_price("0.00", [("Design", "300.00", "released", "2026-11-20T15:30:00Z"),
    ...                                           ("Copy", "50.00", "released")], ended_by="agency")))
    payment.available 300.00 at Wednesday 2026-11-25 15:30
      The agency's 300.00 for milestone "Design" reaches their available balance on Wednesday 2026-11-25 15:30 UTC, 5 days after its release.
    payment.available 50.00
      The agency's 50.00 for milestone "Copy" reaches their available balance 5 days after its release.
    >>> show(security_period(fixed_price("400.00", [("Build", "400.00", "funded")])))
    (no consequences)
    >>> show(security_period(fixed_price("0.00", [("Logo", "250.00", "released", "2026-12-28T09:00:00Z")])))
    payment.available 250.00 at Thursday 2027-01-07 23:59
      The freelancer's 250.00 for milestone "Logo" reaches their available balance by Thursday 2027-01-07 23:59 UTC at the latest, like every milestone released over the end-of-year holidays.
    >>> show(security_period(hourly("40.00", [(5, True)], ended_at="2026-12-30T17:00:00Z")))
    payment.available 200.00 at Thursday 2027-01-14 00:00
      The freelancer's 200.00 reaches their available balance on Thursday 2027-01-14 00:00 UTC, after the review period and the 5-day security period.
    """
    days = settings.SECURITY_PERIOD_DAYS
    if scenario.contract.type is ContractType.HOURLY:
        eligible, paid = _eligible(scenario)
        if not eligible:
            return ()
        available = hourly_available_at(scenario.ended_at)
        return (
            _said("payment.available", Kind.SCHEDULE, scenario, {
                "provider": scenario.provider, "amount": paid, "available": available, "days": days},
                amount=paid, at=available),
        )
    consequences = []
    for milestone in scenario.contract.milestones:
        if milestone.status is not MilestoneStatus.RELEASED:
            continue
        args = {"provider": scenario.provider, "amount": milestone.amount, "milestone": milestone.name,
                "wait": timedelta(days=days)}
        if milestone.released_at is None:
            consequences.append(_said("payment.available.milestone-undated", Kind.SCHEDULE, scenario, args,
                                      code="payment.available", amount=milestone.amount))
        else:
            available = milestone_available_at(milestone.released_at)
            args["available"] = available
            if released_over_the_holidays(milestone.released_at):
                said = _said("payment.available.milestone-holidays", Kind.SCHEDULE, scenario, args,
                             code="payment.available", amount=milestone.amount, at=available)
            else:
                said = _said("payment.available.milestone", Kind.SCHEDULE, scenario, args,
                             code="payment.available", amount=milestone.amount, at=available)
            consequences.append(said)
    return tuple(consequences)
