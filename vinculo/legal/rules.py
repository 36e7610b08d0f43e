"""Deadline rules, read from YAML so that a lawyer can correct them.

Each rule says in which stage of an extradition request a clock runs, when it
starts, how long it is (calendar days, business days or calendar months),
what must happen before it ends, what follows if it does not
(``on_expiry``), and the treaty or statute article behind it. The files are
``rules/mx.yaml`` (Mexico is the requested state) and ``rules/us.yaml``.

How a clock starts (``start``):

- ``entered`` (default): the day the request entered the current stage.
- ``{exited: [stage, ...]}``: the last day the request left one of those
  stages (18 U.S.C. 3188 runs from commitment, i.e. certification, or from
  the end of habeas review).
- ``{after_rule: ID}``: when another rule's period ends (the 20 days to
  prove objections follow the 3 days to raise them).

``when_entered_from`` limits a rule to requests that came into the stage from
one of the listed stages. Periods are counted from the day after the start
(the start day itself is not counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from vinculo.exc import InvalidData, Message, NotFound
from vinculo.i18n import N_
from vinculo.legal.calendar import Calendars, default_calendars
from vinculo.legal.state import COUNTRIES, Country, State, parse_country, parse_state
from vinculo.legal.yamlfile import Reader, load

RULES_DIR = Path(__file__).parent / "rules"
RULE_FILES = ("mx.yaml", "us.yaml")


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"
    CALENDAR_MONTHS = "calendar_months"


@dataclass(frozen=True)
class Start:
    """When the clock of a rule starts; exactly one form applies."""

    exited: tuple[State, ...] = ()
    after_rule: str | None = None

    @property
    def entered(self) -> bool:
        return not self.exited and self.after_rule is None

    def describe(self) -> str:
        if self.after_rule:
            return f"after {self.after_rule}"
        if self.exited:
            return "leaving " + " or ".join(s.value for s in self.exited)
        return "entering the stage"


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    requested: Country
    states: tuple[State, ...]
    count: int
    unit: Unit
    action: str
    action_es: str
    sources: tuple[str, ...]
    start: Start = Start()
    when_entered_from: tuple[State, ...] = ()
    on_expiry: State | None = None
    calendar: str | None = None
    roll_to_business_day: bool = False
    note: str | None = None
    file: str = ""
    line: int | None = None

    @property
    def period(self) -> str:
        unit = self.unit.value.replace("_", " ")
        return f"{self.count} {unit[:-1] if self.count == 1 else unit}"


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[DeadlineRule, ...]
    calendars: Calendars

    def __getitem__(self, rule_id: str) -> DeadlineRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFound(N_("no deadline rule {rule_id!r}"), rule_id=rule_id)

    def for_state(self, requested: Country, state: State) -> tuple[DeadlineRule, ...]:
        return tuple(r for r in self.rules if r.requested == requested and state in r.states)

    @classmethod
    def load(cls, paths: list[Path] | None = None, calendars: Calendars | None = None) -> RuleBook:
        cals = calendars or default_calendars()
        files = paths or [RULES_DIR / name for name in RULE_FILES]
        rules: list[DeadlineRule] = []
        for path in files:
            rules.extend(_read_file(path, cals))
        book = cls(tuple(rules), cals)
        book._check_references()
        return book

    def _check_references(self) -> None:
        seen: dict[str, DeadlineRule] = {}
        for rule in self.rules:
            if rule.id in seen:
                raise InvalidData.at(
                    N_("rule id {id!r} used twice"),
                    file=rule.file,
                    line=rule.line,
                    field="id",
                    id=rule.id,
                )
            seen[rule.id] = rule
        for rule in self.rules:
            ref = rule.start.after_rule
            if ref is None:
                continue
            target = seen.get(ref)
            if target is None or target.requested != rule.requested:
                raise InvalidData.at(
                    N_("start.after_rule names unknown rule {ref!r} for {requested}"),
                    file=rule.file,
                    line=rule.line,
                    field="start",
                    ref=ref,
                    requested=rule.requested,
                )
            if target.start.after_rule is not None:
                raise InvalidData.at(
                    N_("start.after_rule may not point at a rule that itself starts after a rule"),
                    file=rule.file,
                    line=rule.line,
                    field="start",
                )


def _read_file(path: Path, calendars: Calendars) -> list[DeadlineRule]:
    root = Reader(load(path), path, Message.of(N_("rules file")))
    requested = parse_country(root.text("requested"), field="requested")
    default_calendar = root.opt_text("calendar")
    out = []
    for item in root.mappings("rules"):
        try:
            out.append(_read_rule(item, requested, default_calendar, calendars))
        except InvalidData as err:
            if err.errors and err.errors[0].file:
                raise
            problem = err.errors[0] if err.errors else None
            raise item.error(
                problem.text if problem else err.text, problem.field if problem else None
            ) from None
    return out


def _states(item: Reader, key: str) -> tuple[State, ...]:
    return tuple(parse_state(s, field=key) for s in item.texts(key))


def _read_rule(
    item: Reader, requested: Country, default_calendar: str | None, calendars: Calendars
) -> DeadlineRule:
    rule_id = item.text("id")
    states = _states(item, "state")
    if not states:
        raise item.error(N_("a rule needs the stage(s) it applies to"), "state")
    period = item.get("period")
    if not isinstance(period, dict):
        raise item.error(
            N_("expected {{count: N, unit: calendar_days|business_days|...}}"), "period"
        )
    preader = Reader(period, item.path, "period")
    try:
        unit = Unit(preader.text("unit"))
    except ValueError:
        raise item.error(
            N_("unit must be one of {units}"), "period", units=", ".join(u.value for u in Unit)
        ) from None
    start_raw = item.get("start", "entered")
    start = Start()
    if isinstance(start_raw, dict):
        sreader = Reader(start_raw, item.path, "start")
        start = Start(exited=_states(sreader, "exited"), after_rule=sreader.opt_text("after_rule"))
        if bool(start.exited) == bool(start.after_rule):
            raise item.error(N_("start needs exactly one of exited or after_rule"), "start")
    elif start_raw != "entered":
        raise item.error(
            N_("start must be 'entered', {{exited: [...]}} or {{after_rule: ID}}"), "start"
        )
    calendar = item.opt_text("calendar") or default_calendar
    if unit is Unit.BUSINESS_DAYS or item.flag("roll_to_business_day"):
        if calendar is None:
            raise item.error(N_("business days need a calendar"), "calendar")
        calendars[calendar]  # raises NotFound with the known names
    action = item.get("action")
    if not isinstance(action, dict) or not action.get("en") or not action.get("es"):
        raise item.error(N_("action needs an English (en) and a Spanish (es) text"), "action")
    sources = item.texts("sources")
    if not sources:
        raise item.error(N_("every rule must cite its legal source"), "sources")
    expiry = item.opt_text("on_expiry")
    return DeadlineRule(
        id=rule_id,
        requested=requested,
        states=states,
        count=preader.integer("count"),
        unit=unit,
        action=str(action["en"]).strip(),
        action_es=str(action["es"]).strip(),
        sources=sources,
        start=start,
        when_entered_from=_states(item, "when_entered_from"),
        on_expiry=parse_state(expiry, field="on_expiry") if expiry else None,
        calendar=calendar,
        roll_to_business_day=item.flag("roll_to_business_day"),
        note=item.opt_text("note"),
        file=str(item.path),
        line=item.line,
    )


@lru_cache(maxsize=1)
def default_rules() -> RuleBook:
    """The packaged rules, parsed once per process (the files are read-only)."""
    return RuleBook.load()


__all__ = ["COUNTRIES", "DeadlineRule", "RuleBook", "Start", "Unit", "default_rules"]
