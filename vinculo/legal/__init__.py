"""Legal proceedings: criminal cases, extradition requests, deadlines and timelines.

Pure logic, no I/O beyond reading the packaged YAML data:

- `state`: the stages of an extradition request and the allowed moves,
  by requested state (1978 US–Mexico treaty, Mexico's LEI, 18 U.S.C. 3181 ff.).
- `request`: a request with its attributed, append-only history.
- `rules` and `calendar`: deadline rules and business-day calendars as data
  (``rules/*.yaml``), each rule citing its legal source.
- `deadline`: due dates, and what falls due within N days.
- `indictment`: cases, superseding versions, diffs and count lineage.
- `timeline`: dated facts about a person or organization.
- `example`: the sourced Guzmán Loera history (``data/guzman_loera.yaml``).
"""

from vinculo.legal.deadline import Deadline, deadlines, due_within
from vinculo.legal.indictment import (
    Count,
    Court,
    CriminalCase,
    IndictmentVersion,
    VersionDiff,
    count_lineage,
    diff_versions,
)
from vinculo.legal.request import ExtraditionRequest, Transition, open_request
from vinculo.legal.rules import DeadlineRule, RuleBook, default_rules
from vinculo.legal.state import State, allowed_next, parse_country, parse_state
from vinculo.legal.timeline import EventKind, TimelineEvent, build_timeline

__all__ = [
    "Count",
    "Court",
    "CriminalCase",
    "Deadline",
    "DeadlineRule",
    "EventKind",
    "ExtraditionRequest",
    "IndictmentVersion",
    "RuleBook",
    "State",
    "TimelineEvent",
    "Transition",
    "VersionDiff",
    "allowed_next",
    "build_timeline",
    "count_lineage",
    "deadlines",
    "default_rules",
    "diff_versions",
    "due_within",
    "open_request",
    "parse_country",
    "parse_state",
]
