"""Owns the rules of ending a marketplace contract: what happens, why, and the proof by example.

Pure standard-library Python; no other project package is imported here.
"""

from __future__ import annotations

from datetime import timedelta

from . import settings
from .model import (
    Consequence,
    Contract,
    ContractType,
    Kind,
    LoggedHours,
    Milestone,
    MilestoneStatus,
    Party,
    Provider,
    Scenario,
    ScenarioError,
)
from .outcome import Outcome, TraceStep, end_contract
from .rules import (
    RULES,
    Rule,
    billing_week,
    describe_rule,
    feedback_is_open,
    feedback_open_until,
    hourly_available_at,
    hourly_billed_at,
    hourly_review_ends_at,
    milestone_available_at,
)
from .scenario import SCENARIO_SCHEMA, scenario_from_dict, scenario_from_json, scenario_to_dict
from .verify import Verification, verify_rules

__all__ = [
    "Consequence",
    "Contract",
    "ContractType",
    "FEEDBACK_WINDOW",
    "Kind",
    "LoggedHours",
    "Milestone",
    "MilestoneStatus",
    "Outcome",
    "Party",
    "Provider",
    "RULES",
    "Rule",
    "Scenario",
    "ScenarioError",
    "TraceStep",
    "Verification",
    "SCENARIO_SCHEMA",
    "billing_week",
    "describe_rule",
    "hourly_available_at",
    "hourly_billed_at",
    "hourly_review_ends_at",
    "milestone_available_at",
    "end_contract",
    "feedback_is_open",
    "feedback_open_until",
    "scenario_from_dict",
    "scenario_from_json",
    "scenario_to_dict",
    "settings",
    "verify_rules",
]


def __getattr__(name: str) -> timedelta:
    # Read through to settings so rules_engine.FEEDBACK_WINDOW never shows a stale copy; change
    # the window in rules_engine.settings, which is what the rules read.
    if name == "FEEDBACK_WINDOW":
        return settings.FEEDBACK_WINDOW
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
