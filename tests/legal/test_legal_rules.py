from pathlib import Path

import pytest

from vinculo.exc import InvalidData
from vinculo.legal.rules import RULES_DIR, RuleBook, Unit, default_rules
from vinculo.legal.state import State


def test_every_packaged_rule_cites_a_source_and_is_bilingual() -> None:
    book = default_rules()
    assert len(book.rules) >= 10
    for rule in book.rules:
        assert rule.sources and all(len(s) > 10 for s in rule.sources)
        assert rule.action and rule.action_es
        assert rule.line is not None and rule.file.endswith(".yaml")


def test_the_documented_periods() -> None:
    book = default_rules()
    mx = book["mx.provisional_arrest.formal_request"]
    assert (mx.count, mx.unit, mx.on_expiry) == (60, Unit.CALENDAR_DAYS, State.RELEASED_DEADLINE)
    assert any("art. 11" in s for s in mx.sources)
    us = book["us.provisional_arrest.formal_request"]
    assert (us.requested, us.count, us.unit) == ("US", 60, Unit.CALENDAR_DAYS)
    r3188 = book["us.surrender.3188"]
    assert (r3188.count, r3188.unit) == (2, Unit.CALENDAR_MONTHS)
    assert any("18 U.S.C. 3188" in s for s in r3188.sources)
    assert book["mx.objections.raise"].count == 3
    assert book["mx.objections.prove"].start.after_rule == "mx.objections.raise"
    assert book["mx.executive_decision.sre"].calendar == "MX-federal"
    assert {r.id for r in book.for_state("MX", State.SURRENDER_GRANTED)} == {
        "mx.surrender_granted.amparo",
        "mx.surrender_granted.collection",
        "mx.surrender_granted.collection_after_amparo",
    }


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text("requested: MX\ncalendar: MX-judicial\nrules:\n" + body)
    return path


GOOD = """  - id: x.one
    state: objections
    period: {count: 3, unit: business_days}
    action: {en: Do it, es: Hazlo}
    sources: ["LEI art. 25"]
"""


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        (GOOD.replace('    sources: ["LEI art. 25"]\n', ""), 4, "sources"),
        (GOOD.replace("business_days", "fortnights"), 4, "period"),
        (GOOD.replace("objections", "arrested"), 4, "state"),
        (GOOD.replace("{en: Do it, es: Hazlo}", "{en: Do it}"), 4, "action"),
        (GOOD + GOOD.replace("x.one", "x.two") + "    start: {after_rule: x.zero}\n", 9, "start"),
        (GOOD + GOOD, 9, "id"),
    ],
)
def test_bad_rules_are_reported_with_file_line_and_field(
    tmp_path: Path, body: str, line: int, field: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(InvalidData) as err:
        RuleBook.load([path])
    problem = err.value.errors[0]
    assert (problem.file, problem.line, problem.field) == (str(path), line, field)


def test_a_lawyer_can_change_a_period_without_code(tmp_path: Path) -> None:
    text = (
        (RULES_DIR / "mx.yaml")
        .read_text()
        .replace(
            "count: 60, unit: calendar_days}\n    start: entered",
            "count: 45, unit: calendar_days}\n    start: entered",
            1,
        )
    )
    path = tmp_path / "mx.yaml"
    path.write_text(text)
    book = RuleBook.load([path])
    assert book["mx.provisional_arrest.formal_request"].count == 45
