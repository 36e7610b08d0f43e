"""SQL built from named steps: a CTE pipeline and the blocking rules.

Blocking rules are code, chosen by name from `BLOCKING_RULES`; nothing a user
types is ever pasted into SQL. Each rule maps a record to zero or more keys
(a set operation: explode, then equi-join on the key), so candidate
generation is the union of a few self-joins that both engines run natively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.linkage.dialects import Dialect

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_identifier(name: str) -> str:
    """Table and step names are identifiers we chose; refuse anything else."""
    if not _IDENT.match(name):
        raise InvalidData(N_("not a safe SQL identifier: {name!r}"), name=name)
    return name


@dataclass(frozen=True)
class Step:
    name: str
    sql: str


@dataclass
class Pipeline:
    """A chain of named SELECTs compiled to one ``WITH ... SELECT``."""

    steps: list[Step] = field(default_factory=list)

    def add(self, name: str, sql: str) -> Pipeline:
        check_identifier(name)
        if any(s.name == name for s in self.steps):
            raise InvalidData(N_("duplicate pipeline step {name!r}"), name=name)
        self.steps.append(Step(name, sql))
        return self

    @property
    def output(self) -> str:
        if not self.steps:
            raise InvalidData(N_("empty pipeline"))
        return self.steps[-1].name

    def sql(self) -> str:
        if not self.steps:
            raise InvalidData(N_("empty pipeline"))
        *ctes, last = self.steps
        if not ctes:
            return last.sql
        body = ",\n".join(f"{s.name} AS (\n{s.sql}\n)" for s in ctes)
        return f"WITH {body}\n{last.sql}"


#: A key expression: given the dialect, SQL selecting ``key`` from table ``r``.
KeySQL = Callable[[Dialect], str]


@dataclass(frozen=True)
class BlockingRule:
    """A named way to produce blocking keys for a record."""

    name: str
    key_sql: KeySQL
    description: str
    #: A tighter block-size cap for keys that are weak evidence on their own.
    max_block: int | None = None


def _exploded(column: str) -> KeySQL:
    return lambda d: f"SELECT unique_id, kind, is_new, {d.explode(column)} AS key FROM records"


def _exploded_with(column: str, other: str) -> KeySQL:
    """Each element of a list column, qualified by a scalar column (name key + birth year)."""

    def build(d: Dialect) -> str:
        key = d.concat("k", "'|'", other)
        return (
            f"SELECT unique_id, kind, is_new, {key} AS key FROM "
            f"(SELECT unique_id, kind, is_new, {other}, {d.explode(column)} AS k "
            f"FROM records WHERE {other} IS NOT NULL) q"
        )

    return build


def _joined(*columns: str) -> KeySQL:
    def build(d: Dialect) -> str:
        parts = ", '|', ".join(columns)
        nonnull = " AND ".join(f"{c} IS NOT NULL" for c in columns)
        return (
            f"SELECT unique_id, kind, is_new, {d.concat(parts)} AS key FROM records WHERE {nonnull}"
        )

    return build


#: Two sound-alike name tokens alone are weak evidence: blocks of such keys are
#: kept only while small (rare names); common names meet through the birth year.
NAME_BLOCK = 25
#: Keys shared by more records than this are skipped (see `candidate_pipeline`).
MAX_BLOCK = 100

BLOCKING_RULES: dict[str, BlockingRule] = {
    r.name: r
    for r in (
        BlockingRule("phone", _exploded("phones"), "a shared phone number"),
        BlockingRule("id_number", _exploded("ids"), "a shared identifier (CURP, passport, ...)"),
        BlockingRule(
            "name_year",
            _exploded_with("name_keys", "birth_year"),
            "two name tokens sound alike, same birth year",
        ),
        BlockingRule(
            "name_pair", _exploded("name_keys"), "two name tokens sound alike", max_block=NAME_BLOCK
        ),
        BlockingRule("surname_birth", _joined("surname", "birth_year"), "surname and birth year"),
        BlockingRule("given_birth", _joined("given", "birth_date"), "given name and birth date"),
        BlockingRule("surnames", _joined("surname", "surname2"), "both surnames"),
        BlockingRule("full_name", _joined("full_name"), "the same name, in any order"),
        BlockingRule(
            "birth_postcode", _joined("birth_date", "postcode"), "birth date and postcode"
        ),
    )
}
DEFAULT_RULES: tuple[str, ...] = tuple(BLOCKING_RULES)


def candidate_pipeline(
    dialect: Dialect,
    rules: Sequence[str] = DEFAULT_RULES,
    *,
    max_block: int = MAX_BLOCK,
    incremental: bool = False,
) -> Pipeline:
    """Candidate pairs from the ``records`` feature table.

    Output columns: ``id_l < id_r`` and ``match_key`` (the index of the
    first rule that found the pair). Keys shared by more than ``max_block``
    records (common names) are skipped: they add quadratic work and almost
    no evidence, and other rules still reach those records. With
    ``incremental`` only pairs touching a new record are produced.
    """
    if not rules:
        raise InvalidData(N_("at least one blocking rule is needed"))
    pipeline = Pipeline()
    selects = []
    for index, name in enumerate(rules):
        rule = BLOCKING_RULES.get(name)
        if rule is None:
            raise InvalidData(
                N_("unknown blocking rule {name!r}; known: {known}"),
                name=name,
                known=sorted(BLOCKING_RULES),
            )
        keys, sizes = f"k_{rule.name}", f"s_{rule.name}"
        limit = min(max_block, rule.max_block or max_block)
        pipeline.add(keys, rule.key_sql(dialect))
        pipeline.add(
            sizes,
            f"SELECT kind, key FROM {keys} WHERE key IS NOT NULL "
            f"GROUP BY kind, key HAVING count(*) BETWEEN 2 AND {int(limit)}",
        )
        newness = " AND (l.is_new OR r.is_new)" if incremental else ""
        selects.append(
            f"SELECT l.unique_id AS id_l, r.unique_id AS id_r, {index} AS match_key "
            f"FROM {keys} l JOIN {sizes} s ON l.kind = s.kind AND l.key = s.key "
            f"JOIN {keys} r ON r.kind = l.kind AND r.key = l.key "
            f"AND l.unique_id < r.unique_id{newness}"
        )
    pipeline.add("pairs_all", "\nUNION ALL\n".join(selects))
    pipeline.add(
        "candidates",
        "SELECT id_l, id_r, min(match_key) AS match_key FROM pairs_all GROUP BY id_l, id_r",
    )
    return pipeline
