"""Training never fails on a small store: what data cannot teach comes from the shipped model."""

from __future__ import annotations

from typing import Any

import pytest
from splink.internals.linker_components.training import LinkerTraining

from vinculo.linkage import DuckDBEngine, Thresholds, entity_features, train_model
from vinculo.linkage.fallback import default_model, fill_missing, missing_parameters
from vinculo.linkage.model import comparisons, smooth_m, splink_settings
from vinculo.resolve import MemoryXrefState, Resolver, xref


def test_shipped_model_fits_the_comparisons() -> None:
    model = default_model()
    assert missing_parameters(model["splink"]) == []
    names = {c.get_comparison("duckdb").as_dict()["output_column_name"] for c in comparisons()}
    assert {c["output_column_name"] for c in model["splink"]["comparisons"]} == names
    splink_settings(model, "spark")  # regenerates every level's SQL: raises on a mismatch


def test_em_failure_falls_back_to_the_shipped_parameters(
    monkeypatch: pytest.MonkeyPatch, febrl_small: Any
) -> None:
    def degenerate(self: Any, *args: Any, **kwargs: Any) -> None:
        raise ValueError("m_probability value 0.0 is below the minimum allowed value")

    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", degenerate
    )
    rows = [entity_features(e, s) for s, e in febrl_small[0]]
    model = train_model(rows, u_pairs=10_000)
    steps = model["training"]["steps"]
    assert steps["u"] == "ran"
    assert steps["em_birth_date"].startswith("skipped") and steps["em_name"].startswith("skipped")
    assert any(f.endswith(".m") for f in model["training"]["fallback"])
    assert missing_parameters(model["splink"]) == []
    # and the model scores: the true FEBRL pairs are still found
    state = MemoryXrefState()
    state.set_model(model)
    resolver = Resolver()
    engine = DuckDBEngine(threads=1)
    xref(febrl_small[0], resolver=resolver, state=state, engine=engine)
    engine.close()
    linked = {e.key for e in resolver.current_edges().values() if e.positive}
    assert len(linked & febrl_small[1]) > len(febrl_small[1]) // 2


def test_a_tiny_store_is_resolved_with_the_shipped_model() -> None:
    people = [
        ("dea", "p1", "Joaquín Guzmán Loera", "1957-04-04", "+52 667 123 4567"),
        ("fgr", "p2", "GUZMAN LOERA, Joaquin", "1957-04-04", "6671234567"),
        ("fbi", "p3", "Ana Ruiz Soto", "1980-01-02", "+1 202 555 0100"),
    ]
    entities = [
        (
            src,
            {
                "id": pid,
                "schema": "Person",
                "properties": {"name": [n], "birthDate": [d], "phone": [p]},
            },
        )
        for src, pid, n, d, p in people
    ]
    resolver, state = Resolver(), MemoryXrefState()
    engine = DuckDBEngine(threads=1)
    result = xref(entities, resolver=resolver, state=state, engine=engine, thresholds=Thresholds())
    engine.close()
    assert result.new == 3
    assert state.model is not None and state.model["training"]["fallback"] == ["all"]
    assert resolver.connected("p1") == {"p1", "p2"}
    assert resolver.connected("p3") == {"p3"}


def test_missing_and_degenerate_parameters_are_filled_then_floored() -> None:
    model = default_model()["splink"]
    address = next(c for c in model["comparisons"] if c["output_column_name"] == "address")
    levels = address["comparison_levels"]
    del levels[2]["m_probability"]  # EM never reached the level
    levels[3]["u_probability"] = 0.0
    model["probability_two_random_records_match"] = 1.0
    filled = fill_missing(model, default_model()["splink"])
    assert filled == ["prior", "address[2].m", "address[3].u"]
    assert missing_parameters(model) == []
    levels[1]["m_probability"] = 1e-28  # a level EM drove to (almost) zero
    smooth_m({"comparisons": [address]})
    assert min(lv["m_probability"] for lv in levels if not lv.get("is_null_level")) > 1e-3
