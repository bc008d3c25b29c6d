"""Verifying rules: running each rule's docstring examples with doctest, silently, for the build."""

from __future__ import annotations

import doctest
import inspect
from collections.abc import Iterable
from dataclasses import dataclass

from .rules import RULES, Rule


@dataclass(frozen=True)
class Verification:
    """Whether a rule's examples pass; a claim citing the rule is "verified" only if `passed`."""

    rule_id: str
    passed: bool
    examples: int
    failures: int
    detail: str


def verify_rules(rule_ids: Iterable[str] | None = None) -> dict[str, Verification]:
    """Run the examples of the given rules (all registered rules by default), keyed by rule id.

    An id that names no rule is reported as not passed rather than raising, so a build can show
    every unverifiable claim at once.
    """
    wanted = list(RULES) if rule_ids is None else list(rule_ids)
    results = {}
    for rule_id in wanted:
        rule = RULES.get(rule_id)
        if rule is None:
            results[rule_id] = Verification(
                rule_id, False, 0, 0, f"no rule has this id; known ids: {', '.join(RULES)}"
            )
        else:
            results[rule_id] = _verify(rule)
    return results


def _verify(rule: Rule) -> Verification:
    function = rule.function
    module = inspect.getmodule(function)
    globs = dict(vars(module)) if module else {}
    # The examples call the rule by its function name; binding that name to the registered
    # function means a swapped implementation is what the examples exercise.
    globs[function.__name__] = function
    finder = doctest.DocTestFinder(recurse=False, exclude_empty=False)
    tests = finder.find(function, name=rule.id, module=module, globs=globs)
    examples = sum(len(test.examples) for test in tests)
    if examples == 0:
        return Verification(
            rule.id, False, 0, 0, "no examples: a rule is verified only by its >>> examples"
        )
    report: list[str] = []
    # The runner swaps sys.stdout while examples run and sends its report to `report.append`,
    # so nothing is printed.
    runner = doctest.DocTestRunner(verbose=False)
    failures = 0
    for test in tests:
        failures += runner.run(test, out=report.append, clear_globs=True).failed
    if failures:
        return Verification(rule.id, False, examples, failures, "".join(report).strip())
    return Verification(rule.id, True, examples, 0, f"all {examples} examples passed")
