"""The Fellegi–Sunter model: splink comparisons over vinculo's feature columns.

splink does the probabilistic part (u from random pairs, m by EM); what
vinculo adds is what it compares: hypocorism symbols of given names, both
Spanish surnames (and their swap), phonetic name keys, normalized phones and
identifiers. Training always runs embedded (DuckDB, seeded) on the feature
rows, so every engine scores with the same parameters and gives the same
clusters; scoring then runs on whichever engine holds the data.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.exceptions import SplinkException

from vinculo.exc import InvalidData
from vinculo.i18n import N_

log = logging.getLogger(__name__)
MODEL_VERSION = 1
#: How many random pairs estimate u; more is slower and barely better.
U_PAIRS = 500_000
#: Above this many rows, training runs on hashed samples of this size: the
#: parameters settle long before, and EM's work grows with the square of it.
TRAIN_ROWS = 100_000
#: Below this many records there is nothing to learn from.
MIN_TRAIN_ROWS = 50
#: EM rarely moves after this many iterations on these comparisons.
EM_ITERATIONS = 12
#: Least m probability of any level (see `smooth_m`).
M_FLOOR = 0.002


def _symmetric_surname_swap() -> cll.CustomLevel:
    return cll.CustomLevel(
        "(surname_l = surname2_r OR surname2_l = surname_r)",
        label_for_charts="one surname in the other's other slot",
    )


def _given_agrees() -> Any:
    """Same given name, or two forms of one name (Pepe and José, Paco and Francisco)."""
    return cll.Or(cll.ExactMatchLevel("given"), cll.ArrayIntersectLevel("given_syms", 1))


def comparisons() -> list[Any]:
    """What vinculo compares, most specific level first within each."""
    return [
        cl.CustomComparison(
            output_column_name="name",
            comparison_description="all names as one piece of evidence (no double counting)",
            comparison_levels=[
                cll.NullLevel("full_name"),
                cll.ExactMatchLevel("full_name"),
                cll.And(_given_agrees(), cll.ExactMatchLevel("surname")),
                cll.And(cll.LevenshteinLevel("given", 2), cll.LevenshteinLevel("surname", 2)),
                cll.And(_given_agrees(), _symmetric_surname_swap()),
                cll.ArrayIntersectLevel("phon_tokens", 2),
                cll.ExactMatchLevel("surname"),
                cll.ArrayIntersectLevel("phon_tokens", 1),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="surname2",
            comparison_description="the maternal surname, where both have one",
            comparison_levels=[
                cll.NullLevel("surname2"),
                cll.ExactMatchLevel("surname2"),
                cll.LevenshteinLevel("surname2", 2),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="birth_date",
            comparison_description="date of birth, with typos",
            comparison_levels=[
                cll.NullLevel("birth_year"),
                cll.ExactMatchLevel("birth_date"),
                cll.LevenshteinLevel("birth_date", 1),
                cll.ExactMatchLevel("birth_year"),
                cll.LevenshteinLevel("birth_date", 2),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="nicknames",
            comparison_description="aliases, with translations (El Chapo = Shorty)",
            comparison_levels=[
                cll.NullLevel("nicknames"),
                cll.ArrayIntersectLevel("nicknames", 1),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="phones",
            comparison_levels=[
                cll.NullLevel("phones"),
                cll.ArrayIntersectLevel("phones", 1),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="ids",
            comparison_levels=[
                cll.NullLevel("ids"),
                cll.ArrayIntersectLevel("ids", 1),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="address",
            comparison_levels=[
                cll.NullLevel("address"),
                cll.ExactMatchLevel("address"),
                cll.ArrayIntersectLevel("address_tokens", 4),
                cll.ExactMatchLevel("postcode"),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="gender",
            comparison_levels=[
                cll.NullLevel("gender"),
                cll.ExactMatchLevel("gender"),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="countries",
            comparison_levels=[
                cll.NullLevel("countries"),
                cll.ArrayIntersectLevel("countries", 1),
                cll.ElseLevel(),
            ],
        ),
    ]


def settings(prior: float = 1e-4) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=[block_on("surname", "given")],
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["source_dataset"],
        max_iterations=EM_ITERATIONS,
    )


def _sample(table: pa.Table, size: int, key: str) -> pa.Table:
    """A deterministic sample of about ``size`` rows, kept together by ``key``.

    Hashing the key (not drawing at random) keeps the sample the same from
    run to run and engine to engine.
    """
    if table.num_rows <= size:
        return table
    keep = size / table.num_rows
    ids = table.column("unique_id").to_pylist()
    keys = table.column(key).to_pylist() if key else ids

    def bucket(value: Any, unique_id: str) -> float:
        text = str(value or unique_id).encode("utf-8")
        digest = hashlib.blake2b(text, digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    mask = [bucket(k, i) < keep for k, i in zip(keys, ids, strict=True)]
    return table.filter(pa.array(mask, type=pa.bool_()))


def train_model(
    rows: Sequence[Mapping[str, Any]] | pa.Table,
    *,
    seed: int = 7,
    expected_recall: float = 0.6,
    u_pairs: int = U_PAIRS,
) -> dict[str, Any]:
    """Estimate the model from unlabelled feature rows (dicts or a feature table).

    The prior comes from deterministic rules (same identifier or phone, or
    same full name and birth date) and u from seeded random pairs, both on a
    uniform sample; m comes from two EM sessions, each blocking on what the
    other trains, on a sample that keeps records of one birth date together
    (so that the pairs EM learns from survive the sampling).

    Training never fails for want of data: a step that cannot run (too few
    records, no deterministic match, EM driving a level to zero) is skipped,
    and whatever it would have estimated comes from the shipped model
    (`default_model`). The model's ``"training"`` says which steps ran.
    """
    from vinculo.linkage.base import features_to_arrow
    from vinculo.linkage.fallback import default_model, fill_missing

    table = rows if isinstance(rows, pa.Table) else features_to_arrow(rows)
    if table.num_rows < MIN_TRAIN_ROWS:
        fallback = default_model()
        fallback["training"] = {"rows": table.num_rows, "steps": {}, "fallback": ["all"]}
        return fallback
    trained, steps = estimate(table, seed=seed, expected_recall=expected_recall, u_pairs=u_pairs)
    drawn = min(u_pairs, min(table.num_rows, TRAIN_ROWS) ** 2 // 2)
    unseen_u = 1 / (2 * drawn) if steps.get("u") == "ran" else None
    filled = fill_missing(trained, default_model()["splink"], unseen_u=unseen_u)
    training = {"rows": table.num_rows, "steps": steps, "fallback": filled}
    return {
        "vinculo_model_version": MODEL_VERSION,
        "splink": smooth_m(trained),
        "training": training,
    }


def estimate(
    table: pa.Table, *, seed: int, expected_recall: float, u_pairs: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """The splink model as far as ``table`` teaches it, and what each step did."""
    from vinculo.linkage.duckdb import DuckDBEngine

    steps: dict[str, str] = {}
    engine = DuckDBEngine()
    try:
        api = engine.splink_api
        engine.register_table("train_uniform", _sample(table, TRAIN_ROWS, ""))
        uniform = api.register("train_uniform", table_name="vx_train_uniform")
        linker = Linker(uniform, settings(), log_level=logging.ERROR)
        steps["prior"] = _attempt(
            lambda: linker.training.estimate_probability_two_random_records_match(
                [
                    "l.full_name = r.full_name AND l.birth_date = r.birth_date",
                    block_on("ids"),
                    block_on("phones"),
                ],
                recall=expected_recall,
            )
        )
        steps["u"] = _attempt(
            lambda: linker.training.estimate_u_using_random_sampling(
                max_pairs=u_pairs, seed=seed, num_chunks=1, min_count_per_level=None
            )
        )
        trained: dict[str, Any] = linker.misc.save_model_to_json()
        engine.register_table("train_dated", _sample(table, TRAIN_ROWS, "birth_date"))
        dated = api.register("train_dated", table_name="vx_train_dated")
        for name, columns in (
            ("em_birth_date", ("birth_date",)),
            ("em_name", ("surname", "given")),
        ):
            steps[name], trained = _em_session(dated, trained, columns)
    finally:
        engine.close()
    return trained, steps


def _em_session(
    table: Any, model: dict[str, Any], columns: tuple[str, ...]
) -> tuple[str, dict[str, Any]]:
    """One EM session blocked on ``columns``, from ``model``; the model it leaves."""
    linker = Linker(table, copy.deepcopy(model), log_level=logging.ERROR)
    outcome = _attempt(
        lambda: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*columns), fix_probability_two_random_records_match=True
        )
    )
    if outcome != "ran":
        return outcome, model
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    return outcome, trained


def _attempt(step: Callable[[], Any]) -> str:
    """Run one training step; "ran", or why it was skipped.

    splink raises ValueError when EM drives an m probability to zero (a level
    seen only in pairs it is sure are non-matches, common on small or clean
    data), and its own exceptions when a rule finds no pairs at all.
    """
    try:
        step()
    except (ValueError, ArithmeticError, SplinkException) as exc:
        log.warning("linkage training step skipped: %s", exc)
        return f"skipped: {type(exc).__name__}"
    return "ran"


def smooth_m(splink_model: dict[str, Any], floor: float = M_FLOOR) -> dict[str, Any]:
    """Keep every level's m probability at or above ``floor``, renormalized.

    EM on a small or clean sample can drive m of a level to zero (no match
    ever disagreed on gender), which turns one disagreement into a veto of
    hundreds of bits. A floor caps any single disagreement at about
    log2(floor / u) and lets the other evidence speak.
    """
    for comparison in splink_model.get("comparisons", []):
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        ms = [lv.get("m_probability") for lv in levels]
        if not all(isinstance(m, float | int) for m in ms):
            continue
        raised = [max(float(m), floor) for m in ms if m is not None]
        total = sum(raised)
        for level, m in zip(levels, raised, strict=True):
            level["m_probability"] = m / total
    return splink_model


def splink_settings(model: Mapping[str, Any], dialect: str | None = None) -> dict[str, Any]:
    """The splink part of a vinculo model, its SQL written for ``dialect``.

    A saved splink model holds SQL in the dialect it was trained on; the
    trained parameters are kept and each level's condition is regenerated
    from the comparison definitions for the engine that will score.
    """
    if model.get("vinculo_model_version") != MODEL_VERSION or "splink" not in model:
        raise InvalidData(
            N_("not a vinculo linkage model of version {version}"),
            version=MODEL_VERSION,
        )
    out = copy.deepcopy(dict(model["splink"]))
    if dialect is None or out.get("sql_dialect") == dialect:
        return out
    fresh = {c.get_comparison(dialect).as_dict()["output_column_name"]: c for c in comparisons()}
    for comparison in out["comparisons"]:
        name = comparison["output_column_name"]
        if name not in fresh:
            raise InvalidData(
                N_("model compares {name!r}, which this version does not define"), name=name
            )
        levels = fresh[name].get_comparison(dialect).as_dict()["comparison_levels"]
        if len(levels) != len(comparison["comparison_levels"]):
            raise InvalidData(
                N_("model's levels of {name!r} differ from this version's"), name=name
            )
        for saved, new in zip(comparison["comparison_levels"], levels, strict=True):
            saved["sql_condition"] = new["sql_condition"]
    out["sql_dialect"] = dialect
    return out


def level_explanations(model: Mapping[str, Any]) -> dict[str, dict[int, tuple[str, float]]]:
    """For each comparison, gamma value to (level label, match weight in bits).

    splink numbers the levels as it writes the ``gamma_`` columns: the null
    level is -1, the others count down to 0 in the order they are listed.
    """
    out: dict[str, dict[int, tuple[str, float]]] = {}
    for comparison in splink_settings(model).get("comparisons", []):
        levels = comparison["comparison_levels"]
        ranked = [lv for lv in levels if not lv.get("is_null_level")]
        table: dict[int, tuple[str, float]] = {}
        for position, level in enumerate(ranked):
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            table[len(ranked) - 1 - position] = (str(level.get("label_for_charts", "")), weight)
        table[-1] = ("missing on one side", 0.0)
        out[str(comparison["output_column_name"])] = table
    return out
