"""Batch xref on one engine: features in, scored candidate pairs out.

The steps are: register the feature table, build candidate pairs with the
named blocking rules (our SQL, set operations), hand exactly those pairs to
splink for Fellegi–Sunter scoring on the same engine, and read back the pairs
worth keeping, with the per-comparison evidence that explains each score.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.linkage.base import LinkageEngine, features_to_arrow
from vinculo.linkage.model import level_explanations, splink_settings
from vinculo.linkage.pipeline import (
    DEFAULT_RULES,
    MAX_BLOCK,
    Pipeline,
    candidate_pipeline,
    check_identifier,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above ``auto`` link, from ``review`` ask a person."""

    auto: float = 0.995
    review: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.auto <= 1.0:
            raise InvalidData(
                N_("thresholds must satisfy 0 <= review <= auto <= 1, got {thresholds}"),
                thresholds=self,
            )

    def decide(self, probability: float) -> str:
        if probability >= self.auto:
            return "auto"
        if probability >= self.review:
            return "review"
        return "drop"


@dataclass(frozen=True)
class ScoredPair:
    """One candidate pair (``left < right``) with its score and evidence."""

    left: str
    right: str
    probability: float
    weight: float
    rule: str
    #: comparison name -> (level label, bits of evidence)
    evidence: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    rescored: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.left, self.right)


#: Re-scores a pair from its two source entities: new probability, or None to keep.
Rescorer = Callable[[ScoredPair], float | None]


@dataclass
class LinkStats:
    records: int = 0
    candidates: int = 0
    kept: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class BatchLinker:
    """Scores candidate pairs of one feature table on one engine."""

    def __init__(
        self,
        engine: LinkageEngine[Any],
        model: Mapping[str, Any],
        *,
        rules: Sequence[str] = DEFAULT_RULES,
        max_block: int = MAX_BLOCK,
    ) -> None:
        self.engine = engine
        self.model = dict(model)
        self.rules = tuple(rules)
        self.max_block = max_block
        self.stats = LinkStats()
        self._explain = level_explanations(self.model)
        self._run = 0

    def load(self, rows: Sequence[Mapping[str, Any]] | pa.Table) -> None:
        """Register the feature rows (``is_new`` marks what this run must compare)."""
        started = time.perf_counter()
        table = rows if isinstance(rows, pa.Table) else features_to_arrow(rows)
        self.engine.register_table("records", table)
        self.stats.records = table.num_rows
        self.stats.seconds["load"] = time.perf_counter() - started

    def candidates(self, *, incremental: bool = False) -> Pipeline:
        started = time.perf_counter()
        pipeline = candidate_pipeline(
            self.engine.dialect, self.rules, max_block=self.max_block, incremental=incremental
        )
        self.engine.run_pipeline(pipeline, "candidates")
        self.stats.candidates = self.engine.count("candidates")
        self.stats.seconds["candidates"] = time.perf_counter() - started
        return pipeline

    def predict(
        self, threshold: float, *, incremental: bool = False, rescorer: Rescorer | None = None
    ) -> list[ScoredPair]:
        """Scored pairs at or above ``threshold`` match probability, sorted."""
        from splink import Linker

        self.candidates(incremental=incremental)
        started = time.perf_counter()
        self._run += 1
        api = self.engine.splink_api
        records = api.register("records", table_name=f"vx_records_{self._run}")
        settings = splink_settings(self.model, self.engine.dialect.splink_name)
        linker = Linker(records, settings, log_level=logging.ERROR)
        pairs = self.engine.run_pipeline(self._blocked_pairs(), "blocked_pairs")
        blocked = api.register(pairs, table_name=f"vx_blocked_{self._run}")
        linker.table_management.register_blocked_pairs_for_predict(blocked)
        scored = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        gammas = ", ".join(f"gamma_{name}" for name in self._explain)
        wanted = Pipeline().add(
            "scored",
            f"SELECT unique_id_l, unique_id_r, match_probability, match_weight, match_key, "
            f"{gammas} FROM {check_identifier(scored.physical_name)}",
        )
        rows = self.engine.fetch(self.engine.run_pipeline(wanted, "scored")).to_pylist()
        scored.drop_table_from_database_and_remove_from_cache()
        self.engine.drop_table("scored")
        self.stats.seconds["score"] = time.perf_counter() - started
        out = sorted(self._pairs(rows), key=lambda p: (-p.probability, p.key))
        if rescorer is not None:
            out = self._rescore(out, rescorer)
        self.stats.kept = len(out)
        return out

    def _blocked_pairs(self) -> Pipeline:
        """Candidates in the shape splink's predict takes as registered pairs."""
        return Pipeline().add(
            "blocked",
            "SELECT CAST(match_key AS VARCHAR(8)) AS match_key, id_l AS join_key_l, "
            "id_r AS join_key_r FROM candidates",
        )

    def _pairs(self, rows: Iterable[Mapping[str, Any]]) -> Iterable[ScoredPair]:
        for row in rows:
            evidence: dict[str, tuple[str, float]] = {}
            for name, levels in self._explain.items():
                gamma = row.get(f"gamma_{name}")
                if gamma is not None and int(gamma) in levels:
                    evidence[name] = levels[int(gamma)]
            rule_index = int(row.get("match_key") or 0)
            left, right = str(row["unique_id_l"]), str(row["unique_id_r"])
            if right < left:
                left, right = right, left
            yield ScoredPair(
                left=left,
                right=right,
                probability=float(row["match_probability"]),
                weight=float(row["match_weight"]),
                rule=self.rules[rule_index] if rule_index < len(self.rules) else "",
                evidence=evidence,
            )

    def _rescore(self, pairs: list[ScoredPair], rescorer: Rescorer) -> list[ScoredPair]:
        started = time.perf_counter()
        out = []
        for pair in pairs:
            new = rescorer(pair)
            if new is None:
                out.append(pair)
            else:
                out.append(
                    ScoredPair(
                        pair.left, pair.right, new, pair.weight, pair.rule, pair.evidence, True
                    )
                )
        self.stats.seconds["rescore"] = time.perf_counter() - started
        return sorted(out, key=lambda p: (-p.probability, p.key))
