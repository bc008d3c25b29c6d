"""Exact behaviour of rules_engine: outcomes, scenario errors, and rule verification."""

import copy
import functools
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

import rules_engine
from rules_engine import (
    RULES,
    Contract,
    ContractType,
    LoggedHours,
    Milestone,
    ScenarioError,
    TraceStep,
    describe_rule,
    end_contract,
    scenario_from_dict,
    scenario_from_json,
    verify_rules,
)
from rules_engine import rules as rules_module

UTC = timezone.utc

HOURLY = {
    "contract": {
        "type": "hourly",
        "hourly_rate": "40.00",
        "logged_hours": [
            {"hours": 5, "eligible": True},
            {"hours": "2.5", "eligible": False},
            {"hours": 1.25, "eligible": True},
        ],
    },
    "ended_by": "client",
    "off_platform": False,
    "ended_at": "2026-11-26T10:00:00Z",
}

FIXED_PRICE = {
    "contract": {
        "type": "fixed_price",
        "escrow_balance": "700.00",
        "milestones": [
            {"name": "Design", "amount": "300.00", "status": "released"},
            {"name": "Build", "amount": "450.50", "status": "funded"},
            {"name": "Launch", "amount": "200.00", "status": "unfunded"},
        ],
    },
    "ended_by": "freelancer",
    "off_platform": False,
    "ended_at": "2026-11-26T10:00:00Z",
}

RULE_IDS = [
    "contract.end-any-time",
    "policy.circumvention",
    "feedback.both-sides",
    "hourly.diary-locks",
    "hourly.eligible-time-paid",
    "hourly.weekly-billing",
    "fixed.released-milestones-kept",
    "fixed.unused-funds-refunded",
    "fixed.unfunded-milestones-close",
    "payment.security-period",
]


def changed(document, path, value):
    """A deep copy of `document` with the value at `path` (a tuple of keys) replaced."""
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def without(document, *path):
    document = copy.deepcopy(document)
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return document


# --- outcomes -------------------------------------------------------------------------------


def test_hourly_end_pays_eligible_time_only():
    outcome = end_contract(scenario_from_dict(HOURLY))

    # 6.25 eligible hours x 40.00; the 2.5 ineligible hours are not paid.
    assert outcome.paid_to_provider == Decimal("250.00")
    assert outcome.refunded_to_client == Decimal("0.00")
    assert outcome.released_before_the_end == Decimal("0.00")
    assert outcome.flags == ()
    assert [(c.rule_id, c.code, c.amount) for c in outcome.consequences] == [
        ("contract.end-any-time", "contract.ended", None),
        ("feedback.both-sides", "feedback.open", None),
        ("hourly.diary-locks", "hourly.diary-locked", None),
        ("hourly.eligible-time-paid", "hourly.time-paid", Decimal("250.00")),
        ("hourly.eligible-time-paid", "hourly.ineligible-time-unpaid", None),
        ("hourly.weekly-billing", "hourly.billed", Decimal("250.00")),
        ("payment.security-period", "payment.available", Decimal("250.00")),
    ]
    sentences = [c.sentence for c in outcome.consequences]
    assert sentences[2] == (
        "The work diary locks at 2026-11-26 10:00 UTC; no hours can be added or edited after that."
    )
    assert sentences[3] == (
        "The freelancer is paid 250.00 for 6.25 hours of eligible logged time at 40.00 an hour."
    )
    assert sentences[4] == (
        "Ending the contract does not pay for 2.5 hours of logged time that is not eligible."
    )
    # Ended on Thursday 2026-11-26: that week's hours are billed on Monday 30, disputable until
    # Friday 4 December 23:59 UTC, and available on Wednesday 9 December.
    assert sentences[5:] == [
        "The 6.25 eligible hours are billed to the client on Monday 2026-11-30 00:00 UTC, and the client "
        "can dispute them until Friday 2026-12-04 23:59 UTC.",
        "The freelancer's 250.00 reaches their available balance on Wednesday 2026-12-09 00:00 UTC, after "
        "the review period and the 5-day security period.",
    ]
    assert (outcome.billed_at, outcome.dispute_until, outcome.available_at) == (
        datetime(2026, 11, 30, 0, 0, tzinfo=UTC), datetime(2026, 12, 4, 23, 59, tzinfo=UTC),
        datetime(2026, 12, 9, 0, 0, tzinfo=UTC))


def test_hourly_trace_has_one_step_per_applicable_rule_with_reasons():
    outcome = end_contract(scenario_from_dict(changed(HOURLY, ("contract", "logged_hours"), [])))

    assert outcome.trace == (
        TraceStep(
            "contract.end-any-time",
            True,
            "The client ended the contract at 2026-11-26 10:00 UTC; "
            "either side can end a contract at any time.",
        ),
        TraceStep(
            "policy.circumvention",
            False,
            "The contract was not ended to take work or payments off-platform.",
        ),
        TraceStep(
            "feedback.both-sides",
            True,
            "Both sides can leave feedback for each other until 2026-12-10 10:00 UTC, "
            "14 days after the contract closed.",
        ),
        TraceStep(
            "hourly.diary-locks",
            True,
            "The work diary locks at 2026-11-26 10:00 UTC; no hours can be added or edited after that.",
        ),
        TraceStep(
            "hourly.eligible-time-paid",
            False,
            "No eligible time was logged, so ending the contract pays nothing.",
        ),
        TraceStep(
            "hourly.weekly-billing",
            False,
            "No eligible time was logged in the week the contract ended, so nothing more is billed.",
        ),
        TraceStep(
            "payment.security-period",
            False,
            "Nothing is paid to the freelancer or agency, so no money waits in the security period.",
        ),
    )
    assert outcome.paid_to_provider == Decimal("0.00")


def test_fixed_price_refunds_unreleased_funds_and_keeps_released():
    outcome = end_contract(scenario_from_dict(FIXED_PRICE))

    # 700.00 in escrow: 450.50 funded (refunded), 249.50 held for no milestone (refunded); the
    # 300.00 released earlier stays with the freelancer; the unfunded 200.00 moves no money.
    assert outcome.refunded_to_client == Decimal("700.00")
    assert outcome.released_before_the_end == Decimal("300.00")
    assert outcome.paid_to_provider == Decimal("0.00")
    assert [(c.code, c.kind.value, c.amount) for c in outcome.consequences[2:]] == [
        ("fixed.milestone-kept", "kept", Decimal("300.00")),
        ("fixed.milestone-refunded", "refund", Decimal("450.50")),
        ("fixed.unassigned-funds-refunded", "refund", Decimal("249.50")),
        ("fixed.milestone-closed-unfunded", "status", None),
        ("payment.available", "schedule", Decimal("300.00")),
    ]
    assert [step.rule_id for step in outcome.trace] == [
        "contract.end-any-time",
        "policy.circumvention",
        "feedback.both-sides",
        "fixed.released-milestones-kept",
        "fixed.unused-funds-refunded",
        "fixed.unfunded-milestones-close",
        "payment.security-period",
    ]


def test_fixed_price_with_everything_released_refunds_nothing():
    document = changed(
        without(FIXED_PRICE, "contract", "escrow_balance"),
        ("contract", "milestones"),
        [{"name": "All", "amount": "1000.00", "status": "released"}],
    )
    outcome = end_contract(scenario_from_dict(document))

    assert outcome.refunded_to_client == Decimal("0.00")
    assert outcome.released_before_the_end == Decimal("1000.00")
    assert outcome.trace[4] == TraceStep(
        "fixed.unused-funds-refunded",
        False,
        "No money is left in escrow, so nothing goes back to the client.",
    )


def test_a_fixed_price_contract_with_no_funds_and_no_milestones_moves_no_money():
    document = changed(without(FIXED_PRICE, "contract", "escrow_balance"), ("contract", "milestones"), [])
    outcome = end_contract(scenario_from_dict(document))

    assert [c.code for c in outcome.consequences] == ["contract.ended", "feedback.open"]
    assert [(s.rule_id, s.reason) for s in outcome.trace if not s.fired] == [
        ("policy.circumvention", "The contract was not ended to take work or payments off-platform."),
        ("fixed.released-milestones-kept", "No milestone was released, so there is no milestone payment to keep."),
        ("fixed.unused-funds-refunded", "No money is left in escrow, so nothing goes back to the client."),
        ("fixed.unfunded-milestones-close", "No milestone is unfunded."),
        ("payment.security-period",
         "Nothing is paid to the freelancer or agency, so no money waits in the security period."),
    ]
    # Nothing claims that funds "were released" when there never were any.
    assert "were released" not in " ".join(s.reason for s in outcome.trace)


def test_circumvention_is_flagged_but_the_contract_still_ends():
    outcome = end_contract(scenario_from_dict(changed(HOURLY, ("off_platform",), True)))

    assert outcome.flags == ("policy.circumvention",)
    assert outcome.closed_at == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert [c.code for c in outcome.consequences][:2] == ["contract.ended", "policy.circumvention"]
    assert outcome.consequences[1].sentence == (
        "The client ended the contract to take work or payments off-platform, which is "
        "circumvention under the Terms of Service and can lead to account suspension; "
        "the contract still ends."
    )
    # Ending for a bad reason changes nothing about what is paid.
    assert outcome.paid_to_provider == Decimal("250.00")


def test_feedback_window_edges_to_the_microsecond():
    outcome = end_contract(scenario_from_dict(HOURLY))
    closed_at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    until = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)

    assert outcome.feedback_open_until == until
    assert outcome.feedback_is_open(closed_at) is True
    assert outcome.feedback_is_open(until - timedelta(microseconds=1)) is True
    assert outcome.feedback_is_open(until) is False
    assert outcome.feedback_is_open(closed_at - timedelta(microseconds=1)) is False
    assert rules_engine.feedback_is_open(closed_at, until - timedelta(microseconds=1)) is True
    assert rules_engine.feedback_is_open(closed_at, until) is False


def test_ended_at_in_another_zone_is_stored_in_utc():
    outcome = end_contract(scenario_from_dict(changed(HOURLY, ("ended_at",), "2026-11-26T11:30:00+01:00")))

    assert outcome.closed_at == datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
    assert outcome.to_dict()["feedback_open_until"] == "2026-12-10T10:30:00Z"


def test_to_dict_is_json_with_string_amounts_and_z_datetimes():
    data = end_contract(scenario_from_dict(FIXED_PRICE)).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["closed_at"] == "2026-11-26T10:00:00Z"
    assert data["feedback_open_until"] == "2026-12-10T10:00:00Z"
    assert data["refunded_to_client"] == "700.00"
    assert data["paid_to_provider"] == "0.00"
    assert data["flags"] == []
    assert data["consequences"][3] == {
        "rule_id": "fixed.unused-funds-refunded",
        "code": "fixed.milestone-refunded",
        "kind": "refund",
        "amount": "450.50",
        "at": None,
        "until": None,
        "sentence": 'Milestone "Build" was funded but not released: its 450.50 goes back to the client.',
    }
    assert data["trace"][0]["fired"] is True
    assert scenario_from_dict(data["scenario"]) == scenario_from_dict(FIXED_PRICE)


def test_scenario_from_json_keeps_exact_decimals():
    text = json.dumps(HOURLY).replace('"40.00"', "40.10")
    scenario = scenario_from_json(text)

    assert scenario.contract.hourly_rate == Decimal("40.10")
    assert str(scenario.contract.hourly_rate) == "40.10"


# --- invalid scenarios ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            changed(HOURLY, ("contract", "logged_hours", 1, "hours"), -3),
            "contract.logged_hours[1].hours: must be zero or more, got -3",
        ),
        (
            changed(HOURLY, ("contract", "logged_hours", 0, "eligible"), "yes"),
            "contract.logged_hours[0].eligible: expected true or false, got 'yes'",
        ),
        (
            changed(HOURLY, ("contract", "type"), "weekly"),
            "contract.type: expected one of hourly, fixed_price, got 'weekly'",
        ),
        (
            changed(HOURLY, ("ended_at",), "tomorrow"),
            'ended_at: expected an ISO 8601 datetime like 2026-11-26T10:00:00Z, or "now", got \'tomorrow\'',
        ),
        (
            changed(HOURLY, ("ended_at",), "2026-11-26T10:00:00"),
            "ended_at: needs a time zone (Z or +01:00), like 2026-11-26T10:00:00Z, "
            "got '2026-11-26T10:00:00'",
        ),
        (
            changed(HOURLY, ("ended_by",), "admin"),
            "ended_by: expected one of freelancer, agency, client, got 'admin'",
        ),
        (
            changed(HOURLY, ("off_platform",), "no"),
            "off_platform: expected true or false, got 'no'",
        ),
        (
            changed(HOURLY, ("reason_moves_off_platform",), False),
            "reason_moves_off_platform: renamed to off_platform (true or false, default false)",
        ),
        (
            changed(FIXED_PRICE, ("contract", "project_funds"), "1000.00"),
            "contract.project_funds: renamed to escrow_balance: the money in escrow now, not counting "
            "released milestones",
        ),
        (
            changed(HOURLY, ("timezone",), "Mars/Olympus"),
            "timezone: expected an IANA time zone name like Europe/Berlin or America/New_York, "
            "got 'Mars/Olympus'",
        ),
        (
            changed(changed(HOURLY, ("contract", "provider"), "freelancer"), ("ended_by",), "agency"),
            'ended_by: this contract\'s provider is a freelancer, so write "freelancer" or "client", got '
            '\'agency\' (or set contract.provider to "agency")',
        ),
        (without(HOURLY, "ended_by"), "ended_by: is required (who ends it: the client or the provider, a freelancer "
         "or an agency); write one of freelancer, agency, client"),
        (without(HOURLY, "contract", "hourly_rate"),
         'contract.hourly_rate: is required (the contract\'s rate per hour); write it like "40.00"'),
        (
            changed(HOURLY, ("contract", "hourly_rat"), "40.00"),
            "contract.hourly_rat: unknown key for hourly contracts; "
            "expected one of type, provider, hourly_rate, logged_hours",
        ),
        (
            changed(HOURLY, ("contract", "milestones"), []),
            "contract.milestones: unknown key for hourly contracts; "
            "expected one of type, provider, hourly_rate, logged_hours",
        ),
        (
            changed(HOURLY, ("notes",), "x"),
            "notes: unknown key; expected one of contract, ended_by, asked_by, off_platform, ended_at, timezone",
        ),
        (
            changed(HOURLY, ("contract", "logged_hours"), {"hours": 5}),
            "contract.logged_hours: expected a list, got an object",
        ),
        (
            changed(HOURLY, ("contract", "logged_hours", 2), 5),
            "contract.logged_hours[2]: expected an object with hours, eligible, got 5",
        ),
        (
            changed(HOURLY, ("contract", "hourly_rate"), "40.005"),
            "contract.hourly_rate: must have at most 2 decimal places, got '40.005'",
        ),
        (
            changed(HOURLY, ("contract", "hourly_rate"), "forty"),
            "contract.hourly_rate: expected an amount like 40.00, got 'forty'",
        ),
        (
            changed(HOURLY, ("contract", "hourly_rate"), 0),
            "contract.hourly_rate: must be more than zero, got 0.00",
        ),
        (
            changed(FIXED_PRICE, ("contract", "escrow_balance"), "400.00"),
            "contract.milestones[1]: funded 450.50 is more than the 400.00 of escrow_balance 400.00 that "
            "earlier funded milestones leave; escrow_balance is the money in escrow now (released milestones "
            "are no longer in it): raise it, or mark the milestone released or unfunded",
        ),
        (
            changed(FIXED_PRICE, ("contract", "milestones", 2, "status"), "paid"),
            "contract.milestones[2].status: expected one of funded, released, unfunded, got 'paid'",
        ),
        (
            changed(FIXED_PRICE, ("contract", "milestones", 0, "name"), "  "),
            "contract.milestones[0].name: must not be empty",
        ),
        ([HOURLY], "expected an object with contract, ended_by, asked_by, off_platform, ended_at, timezone, "
         "got a list"),
    ],
)
def test_invalid_scenarios_name_the_bad_field(document, message):
    with pytest.raises(ScenarioError) as raised:
        scenario_from_dict(document)
    assert str(raised.value) == message


def test_invalid_json_text():
    with pytest.raises(ScenarioError) as raised:
        scenario_from_json("{")
    assert str(raised.value) == (
        "not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )


def test_values_validate_themselves_when_built_in_python():
    with pytest.raises(ScenarioError, match=r"^hours: must be zero or more, got -3$"):
        LoggedHours(-3, True)
    with pytest.raises(ScenarioError, match=r"^hours: expected a number of hours like 1\.5, got true$"):
        LoggedHours(True, True)
    with pytest.raises(ScenarioError, match=r"^type: expected one of hourly, fixed_price, got 'weekly'$"):
        Contract("weekly", hourly_rate="40.00")
    with pytest.raises(ScenarioError, match=r"^milestones\[0\]: funded 500\.00 is more than the 400\.00 of "
                                            r"escrow_balance 400\.00 that earlier funded milestones leave; "):
        Contract(
            ContractType.FIXED_PRICE,
            escrow_balance="400.00",
            milestones=(Milestone("Design", "500.00", "funded"),),
        )
    # A released milestone has left escrow: it does not count against the balance.
    assert Contract(ContractType.FIXED_PRICE, escrow_balance="0.00",
                    milestones=(Milestone("Design", "500.00", "released"),)).unassigned_funds == Decimal("0.00")
    with pytest.raises(ScenarioError) as raised:
        rules_engine.Scenario(
            Contract(ContractType.HOURLY, hourly_rate="40.00"),
            "client",
            False,
            datetime(2026, 11, 26, 10, 0),
        )
    assert raised.value.path == "ended_at"
    assert str(raised.value) == (
        "ended_at: must include a time zone, like 2026-11-26T10:00:00Z, got 2026-11-26T10:00:00"
    )


def test_values_are_immutable_and_hold_tuples():
    scenario = scenario_from_dict(HOURLY)
    assert isinstance(scenario.contract.logged_hours, tuple)
    with pytest.raises(AttributeError):
        scenario.ended_by = "freelancer"  # type: ignore[misc]


# --- rules and their verification -----------------------------------------------------------


def test_registry_holds_the_cited_rule_ids_in_order():
    assert list(RULES) == RULE_IDS
    rule = describe_rule("hourly.diary-locks")
    assert rule.title == "An hourly contract's work diary locks when the contract closes"
    assert rule.explanation == (
        "Once an hourly contract is closed, no hours can be added to its work diary and hours "
        "already logged can no longer be edited."
    )
    assert ">>>" not in "".join(r.explanation for r in RULES.values())
    with pytest.raises(KeyError):
        describe_rule("contract.unknown")


def test_feedback_window_is_one_setting_of_fourteen_days():
    assert rules_engine.settings.FEEDBACK_WINDOW == timedelta(days=14)
    assert rules_engine.FEEDBACK_WINDOW == timedelta(days=14)


def test_verify_rules_reports_every_rule_passed(capsys):
    results = verify_rules()

    assert list(results) == RULE_IDS
    assert {rule_id: result.passed for rule_id, result in results.items()} == dict.fromkeys(RULE_IDS, True)
    assert all(result.examples > 0 and result.failures == 0 for result in results.values())
    assert results["hourly.diary-locks"].examples == 2
    assert results["hourly.diary-locks"].detail == "all 2 examples passed"
    assert capsys.readouterr() == ("", "")


def test_verify_rules_reports_unknown_ids_as_not_passed():
    result = verify_rules(["contract.no-such-rule"])["contract.no-such-rule"]
    assert (result.passed, result.examples, result.failures) == (False, 0, 0)


def test_mutation_a_changed_setting_fails_the_rules_that_depend_on_it(monkeypatch, capsys):
    monkeypatch.setattr(rules_engine.settings, "FEEDBACK_WINDOW", timedelta(days=7))

    results = verify_rules()

    assert results["feedback.both-sides"].passed is False
    assert results["feedback.both-sides"].failures == 2  # the printed window and its last microsecond
    assert "2026-12-03 10:00 UTC, 7 days after the contract closed" in results["feedback.both-sides"].detail
    others = [rule_id for rule_id in RULE_IDS if rule_id != "feedback.both-sides"]
    assert all(results[rule_id].passed for rule_id in others)
    # The engine reads the same setting, so outcomes change with it too.
    assert end_contract(scenario_from_dict(HOURLY)).feedback_open_until == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert capsys.readouterr() == ("", "")


def test_mutation_a_swapped_implementation_fails_its_examples(monkeypatch):
    original = RULES["hourly.eligible-time-paid"]

    @functools.wraps(original.function)
    def pays_ineligible_time_too(scenario):
        paid = sum(entry.hours for entry in scenario.contract.logged_hours) * scenario.contract.hourly_rate
        return (
            rules_engine.Consequence(
                "hourly.time-paid", rules_engine.Kind.PAYMENT, "Everything is paid.", amount=paid
            ),
        )

    monkeypatch.setitem(RULES, original.id, replace(original, function=pays_ineligible_time_too))

    result = verify_rules([original.id])[original.id]
    assert (result.passed, result.examples, result.failures) == (False, 4, 3)
    assert end_contract(scenario_from_dict(HOURLY)).paid_to_provider == Decimal("350.00")


def test_a_rule_without_examples_is_not_verified(monkeypatch):
    original = RULES["hourly.diary-locks"]

    def diary_locks(scenario):
        """An hourly contract's work diary locks when the contract closes."""
        return original.function(scenario)

    monkeypatch.setitem(RULES, original.id, replace(original, function=diary_locks))

    result = verify_rules([original.id])[original.id]
    assert (result.passed, result.examples, result.failures) == (False, 0, 0)
    assert result.detail == "no examples: a rule is verified only by its >>> examples"


def test_rule_functions_are_pure_and_registered_unchanged():
    scenario = scenario_from_dict(HOURLY)
    assert rules_module.diary_locks(scenario) == rules_module.diary_locks(scenario)
    assert RULES["hourly.diary-locks"].function is rules_module.diary_locks
