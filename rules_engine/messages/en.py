"""English: the source of every rules sentence; the other catalogues translate these keys.

The rules' doctests and the articles' worked examples show these sentences, so a change here
shows up there. The format of a message: see ``rules_engine/messages/__init__.py``.
"""
from decimal import Decimal

from . import Language

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _moment(local, weekday: bool) -> str:
    # 2026-11-26 10:00 UTC; with its weekday, Thursday 2026-11-26 10:00 UTC.
    text = f"{local:%Y-%m-%d %H:%M} {local:%Z}"
    return f"{_WEEKDAYS[local.weekday()]} {text}" if weekday else text


LANGUAGE = Language(
    code="en",
    decimal=".",
    group="",  # amounts are written as support tools show them: 1234.50
    group_from=0,
    moment=_moment,
    plural=lambda n: "one" if n == Decimal(1) else "other",
    units={"day": ("day", "days"), "hour": ("hour", "hours"), "minute": ("minute", "minutes")},
    join=" and ",
)

_PARTY = "{party, select, client {The client} agency {The agency} other {The freelancer}}"
_PROVIDER_S = "{provider, select, agency {The agency's} other {The freelancer's}}"

MESSAGES = {
    # -- consequences, by code ---------------------------------------------------------------
    "contract.ended":
        _PARTY + " ended the contract at {ended_at}; either side can end a contract at any time.",
    "policy.circumvention":
        _PARTY + " ended the contract to take work or payments off-platform, which is circumvention under "
        "the Terms of Service and can lead to account suspension; the contract still ends.",
    "feedback.open":
        "Both sides can leave feedback for each other until {until}, {window} after the contract closed.",
    "hourly.diary-locked":
        "The work diary locks at {at}; no hours can be added or edited after that.",
    "hourly.time-paid":
        "{provider, select, agency {The agency} other {The freelancer}} is paid {paid, amount} for "
        "{hours, plural, one {# hour} other {# hours}} of eligible logged time at {rate, amount} an hour.",
    "hourly.ineligible-time-unpaid":
        "Ending the contract does not pay for {hours, plural, one {# hour} other {# hours}} of logged time "
        "that is not eligible.",
    "hourly.billed":
        "The {hours, plural, one {# eligible hour is} other {# eligible hours are}} billed to the client on "
        "{billed, weekday}, and the client can dispute {hours, plural, one {it} other {them}} until "
        "{until, weekday}.",
    "fixed.milestone-kept":
        'Milestone "{milestone}" was released: {provider, select, agency {the agency} other {the freelancer}} '
        "keeps its {amount, amount}.",
    "fixed.milestone-refunded":
        'Milestone "{milestone}" was funded but not released: its {amount, amount} goes back to the client.',
    "fixed.unassigned-funds-refunded":
        "{amount, amount} in escrow that no milestone holds goes back to the client.",
    "fixed.milestone-closed-unfunded":
        'Milestone "{milestone}" was never funded: it closes and no money moves.',
    "payment.available":
        _PROVIDER_S + " {amount, amount} reaches their available balance on {available, weekday}, after the "
        "review period and the {days}-day security period.",
    "payment.available.milestone":
        _PROVIDER_S + ' {amount, amount} for milestone "{milestone}" reaches their available balance on '
        "{available, weekday}, {wait} after its release.",
    "payment.available.milestone-holidays":
        _PROVIDER_S + ' {amount, amount} for milestone "{milestone}" reaches their available balance by '
        "{available, weekday} at the latest, like every milestone released over the end-of-year holidays.",
    "payment.available.milestone-undated":
        _PROVIDER_S + ' {amount, amount} for milestone "{milestone}" reaches their available balance {wait} '
        "after its release.",
    # -- why a rule did not fire (its trace reason), by rule id ------------------------------
    "otherwise": "Nothing in this scenario calls for it.",
    "otherwise.policy.circumvention": "The contract was not ended to take work or payments off-platform.",
    "otherwise.hourly.eligible-time-paid": "No eligible time was logged, so ending the contract pays nothing.",
    "otherwise.hourly.weekly-billing":
        "No eligible time was logged in the week the contract ended, so nothing more is billed.",
    "otherwise.fixed.released-milestones-kept":
        "No milestone was released, so there is no milestone payment to keep.",
    "otherwise.fixed.unused-funds-refunded": "No money is left in escrow, so nothing goes back to the client.",
    "otherwise.fixed.unfunded-milestones-close": "No milestone is unfunded.",
    "otherwise.payment.security-period":
        "Nothing is paid to the freelancer or agency, so no money waits in the security period.",
    # -- the fixed words of `helpcenter rules explain` and POST /api/rules/end-contract -------
    "explain.headline":
        "{type, select, hourly {Hourly} other {Fixed-price}} contract with "
        "{provider, select, agency {an agency} other {a freelancer}}, ended by "
        "{party, select, client {the client} agency {the agency} other {the freelancer}} at {closed_at, weekday}:",
    "explain.trace-heading": "Trace (every rule that applies to this contract):",
    "explain.trace-step": "{rule_id}: {fired, select, true {fired} other {did not fire}}. {reason}",
}
