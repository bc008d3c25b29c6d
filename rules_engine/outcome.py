"""Ending a contract: applying every rule to a scenario and totalling what happens, with a trace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from . import messages
from .model import Consequence, Kind, Scenario
from .rules import RULES
from .scenario import iso_utc, scenario_to_dict


@dataclass(frozen=True)
class TraceStep:
    """Whether one applicable rule fired, and why, in sentences."""

    rule_id: str
    fired: bool
    reason: str


@dataclass(frozen=True)
class Outcome:
    """Everything that happens when the scenario's contract ends."""

    scenario: Scenario
    consequences: tuple[Consequence, ...]
    trace: tuple[TraceStep, ...]
    flags: tuple[str, ...]  # codes of FLAG consequences, such as "policy.circumvention"
    paid_to_provider: Decimal  # moves to the freelancer or agency because the contract ended
    refunded_to_client: Decimal  # moves from escrow back to the client
    released_before_the_end: Decimal  # released for milestones earlier; stays with the provider
    closed_at: datetime
    feedback_open_until: datetime | None  # first moment feedback is no longer possible
    billed_at: datetime | None  # when the last hours are billed to the client (hourly)
    dispute_until: datetime | None  # last minute the client can dispute them (hourly)
    available_at: datetime | None  # when the last payment reaches the provider's available balance

    def feedback_is_open(self, at: datetime) -> bool:
        """Whether feedback can be left at `at`: closed_at <= at < feedback_open_until."""
        if at.utcoffset() is None:
            raise ValueError(f"at: must include a time zone, got {at.isoformat()}")
        until = self.feedback_open_until
        return until is not None and self.closed_at <= at < until

    def sentence(self, consequence: Consequence, lang: str = messages.SOURCE) -> str:
        """The consequence's sentence in `lang` (a language of ``rules_engine.messages``), with times
        in the scenario's time zone.

        >>> from rules_engine.sample import hourly
        >>> outcome = end_contract(hourly("40.00", [(5, True)], ended_by="freelancer", timezone="Europe/Paris"))
        >>> print(outcome.sentence(outcome.consequences[0], "fr"))
        Le freelance a mis fin au contrat le 26 novembre 2026 à 11:00 CET ; chaque partie peut mettre fin à un contrat à tout moment.
        """
        if lang == messages.SOURCE or not consequence.message:
            messages.catalogue(lang)  # an unknown language is an error even when nothing needs saying
            return consequence.sentence
        return messages.render(lang, consequence.message, dict(consequence.args), self.scenario.zone)

    def reason(self, step: TraceStep, lang: str = messages.SOURCE) -> str:
        """Why the step's rule fired (its sentences) or not, in `lang`."""
        if lang == messages.SOURCE:
            return step.reason
        if step.fired:
            return " ".join(self.sentence(c, lang) for c in self.consequences if c.rule_id == step.rule_id)
        rule = RULES.get(step.rule_id)
        return rule.otherwise_in(lang) if rule else step.reason

    def to_dict(self, lang: str = messages.SOURCE) -> dict[str, object]:
        """JSON-ready: amounts as strings like "123.50", datetimes as ISO 8601 with Z; the sentences
        and reasons in `lang`."""

        def moment(value: datetime | None) -> str | None:
            return None if value is None else iso_utc(value)

        return {
            "provider": self.scenario.provider,
            "closed_at": iso_utc(self.closed_at),
            "feedback_open_until": moment(self.feedback_open_until),
            "billed_at": moment(self.billed_at),
            "dispute_until": moment(self.dispute_until),
            "available_at": moment(self.available_at),
            "flags": list(self.flags),
            "paid_to_provider": str(self.paid_to_provider),
            "refunded_to_client": str(self.refunded_to_client),
            "released_before_the_end": str(self.released_before_the_end),
            "consequences": [
                {
                    "rule_id": c.rule_id,
                    "code": c.code,
                    "kind": c.kind.value,
                    "amount": None if c.amount is None else str(c.amount),
                    "at": moment(c.at),
                    "until": moment(c.until),
                    "sentence": self.sentence(c, lang),
                }
                for c in self.consequences
            ],
            "trace": [
                {"rule_id": step.rule_id, "fired": step.fired, "reason": self.reason(step, lang)}
                for step in self.trace
            ],
            "scenario": scenario_to_dict(self.scenario),
        }


def end_contract(scenario: Scenario) -> Outcome:
    """Apply every rule that applies to the scenario's contract, in registry order.

    >>> from rules_engine.sample import hourly
    >>> outcome = end_contract(hourly("40.00", [(5, True), (2, False)], off_platform=True))
    >>> outcome.paid_to_provider, outcome.refunded_to_client, outcome.flags
    (Decimal('200.00'), Decimal('0.00'), ('policy.circumvention',))
    >>> print(outcome.billed_at, outcome.available_at)
    2026-11-30 00:00:00+00:00 2026-12-09 00:00:00+00:00
    >>> for step in outcome.trace:
    ...     print(step.rule_id, step.fired)
    contract.end-any-time True
    policy.circumvention True
    feedback.both-sides True
    hourly.diary-locks True
    hourly.eligible-time-paid True
    hourly.weekly-billing True
    payment.security-period True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"end_contract needs a Scenario, got {type(scenario).__name__}")
    consequences: list[Consequence] = []
    trace: list[TraceStep] = []
    for rule in RULES.values():
        if not rule.applies(scenario):
            continue
        produced = rule(scenario)
        consequences.extend(produced)
        reason = " ".join(c.sentence for c in produced) if produced else rule.otherwise
        trace.append(TraceStep(rule.id, bool(produced), reason))

    def total(kind: Kind) -> Decimal:
        return sum((c.amount or 0 for c in consequences if c.kind is kind), Decimal("0.00"))

    def first(code: str, field: str) -> datetime | None:
        values = [getattr(c, field) for c in consequences if c.code == code and getattr(c, field)]
        return max(values) if values else None

    return Outcome(
        scenario=scenario,
        consequences=tuple(consequences),
        trace=tuple(trace),
        flags=tuple(c.code for c in consequences if c.kind is Kind.FLAG),
        paid_to_provider=total(Kind.PAYMENT),
        refunded_to_client=total(Kind.REFUND),
        released_before_the_end=total(Kind.KEPT),
        closed_at=scenario.ended_at,
        feedback_open_until=first("feedback.open", "until"),
        billed_at=first("hourly.billed", "at"),
        dispute_until=first("hourly.billed", "until"),
        available_at=first("payment.available", "at"),
    )
