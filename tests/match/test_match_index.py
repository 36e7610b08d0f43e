"""The screening index: ranked, explained answers; blocking misses nothing the matcher accepts."""

from pathlib import Path
from typing import Any

import pytest

from vinculo.match.index import ACCEPT, ScreeningIndex, query_entity
from vinculo.match.ofac import read_sdn

OFAC = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac"


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    if not (OFAC / "sdn.csv").exists():
        pytest.fail(f"the shared OFAC list is missing: {OFAC} (clone ../shared beside this)")
    return ScreeningIndex.build(e.entity() for e in read_sdn(OFAC, programs=None))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Joaquin Guzman Loera", "ofac-6861"),
        ("LOERA, Joaquin G.", "ofac-6861"),
        ("Ivan Archivaldo Guzman Salazar", "ofac-13148"),
        ("Ismael Zambada", "ofac-7226"),
        ("El Chapo", "ofac-6861"),
    ],
)
def test_who_is_this(index: ScreeningIndex, query: str, expected: str) -> None:
    hits = index.screen(query_entity(query), top=3)
    assert hits and hits[0].entity_id == expected
    assert hits[0].to_dict()["explanation"]["features"]


def test_hypocorism_finds_the_brother_not_the_other(index: ScreeningIndex) -> None:
    ranked = [h.entity_id for h in index.screen(query_entity("Chuy Guzman"), top=5)]
    # Jesus Alfredo Guzman Salazar; OFAC's one-word alias "GUZMAN, Chapo" also ranks El Chapo high
    assert "ofac-13120" in ranked[:2]
    assert "ofac-13148" not in ranked[:2]  # his brother Ivan Archivaldo


def test_birth_date_reorders_relatives(index: ScreeningIndex) -> None:
    hits = index.screen(query_entity("GUZMAN SALAZAR", birth_date="1980-10-02"), top=2)
    assert hits[0].entity_id == "ofac-13148"  # Ivan Archivaldo, born 2 Oct 1980
    hits = index.screen(query_entity("GUZMAN SALAZAR", birth_date="1986-05-17"), top=2)
    assert hits[0].entity_id == "ofac-13120"  # Jesus Alfredo, born 17 May 1986


def test_candidates_do_not_scan_everything(index: ScreeningIndex) -> None:
    chosen = index.candidates(query_entity("Joaquin Guzman Loera"))
    assert 0 < len(chosen) < len(index) / 100
    assert index.candidates(query_entity("Zzyzx Qwerty")) == []


def test_recall_against_brute_force() -> None:
    """Everything the matcher accepts is a candidate, though only a sliver is scored.

    3,000 synthetic people (the benchmark's generator, another seed) and 20 of them
    rewritten by another agency (hypocorisms, respellings, typos, dropped names).
    """
    from benchmarks.screen import people, queries

    population = list(people(3000, 8))
    index = ScreeningIndex.build(population)
    accepted = found = scored = 0
    for _, q in queries(population, 20, 9):
        brute = {n for s, n in index.brute_force(q, min_score=ACCEPT)}
        chosen = set(index.candidates(q))
        accepted += len(brute)
        found += len(brute & chosen)
        scored += len(chosen)
    assert accepted >= 40
    assert found / accepted >= 0.99
    assert scored / 20 < len(index) / 50


def test_screen_finds_the_brute_force_top_scores() -> None:
    """``screen`` stops scoring early, yet its accepted top 10 equal a full scan's.

    Common Mexican names (the generator's frequency-skewed surnames) make many
    near-ties, which is where stopping on estimates could go wrong.
    """
    from benchmarks.screen import people, queries

    population = list(people(3000, 8))
    index = ScreeningIndex.build(population)
    agree = 0
    pairs = queries(population, 20, 10)
    for _, q in pairs:
        brute = [round(s, 6) for s, _ in index.brute_force(q, min_score=ACCEPT)[:10]]
        found = [round(c.score, 6) for c in index.screen(q, top=10, min_score=ACCEPT)]
        agree += found == brute
    assert agree >= len(pairs) - 1


def test_names_that_agree_on_one_word_are_candidates() -> None:
    """The rows a common word reaches alone: twin words, given names only, one word."""
    index = ScreeningIndex.build(
        {"id": f"p{i}", "schema": "Person", "properties": {"name": [name]}}
        for i, name in enumerate(
            [
                "William Williams",
                "Maria Isabel",
                "Gomez",
                "Maria Gomez",
                *(f"William {s} Lopez" for s in ("Ortiz", "Ruiz", "Soto", "Diaz")),
            ]
        )
    )
    reached = 0
    for query in ("William Scott", "Lucia Gomez", "Maria Soto", "Rosa Maria", "Isabel Garcia"):
        q = query_entity(query)
        accepted = {n for s, n in index.brute_force(q, min_score=ACCEPT)}
        assert accepted <= set(index.candidates(q)), query
        reached += bool(accepted)
    assert reached >= 2  # William Williams, and the one-word Gomez


def test_recall_of_variant_families() -> None:
    people: list[dict[str, Any]] = [
        {"id": f"p{i}", "schema": "Person", "properties": {"name": [name]}}
        for i, name in enumerate(
            [
                "GUZMAN LOERA, Joaquin",
                "GUZMAN SALAZAR, Jesus Alfredo",
                "GUZMAN SALAZAR, Ivan Archivaldo",
                "ZAMBADA GARCIA, Ismael",
                "CARO QUINTERO, Rafael",
                "Jose Maria Ortiz Ruiz",
                "Francisco Lopez Diaz",
                "Guadalupe Ramirez Soto",
            ]
        )
    ]
    index = ScreeningIndex.build(people)
    for query in [
        "Joaquin Gusman",
        "Chuy Guzman Salazar",
        "Mayo Zambada",
        "Chema Ortiz",
        "Paco Lopez",
        "Lupe Ramires",
        "Rafael Caro Quintreo",
    ]:
        q = query_entity(query)
        accepted = {n for s, n in index.brute_force(q, min_score=ACCEPT)}
        assert accepted, query
        assert accepted <= set(index.candidates(q, top=1)), query


def test_birth_date_and_nickname_keys_reach_entities() -> None:
    index = ScreeningIndex.build(
        [
            {
                "id": "mayo",
                "schema": "Person",
                "properties": {
                    "name": ["ZAMBADA GARCIA, Ismael"],
                    "weakAlias": ["El Mayo"],
                    "birthDate": ["1948-01-01"],
                },
            },
            {"id": "other", "schema": "Company", "properties": {"name": ["Zambada SA de CV"]}},
        ]
    )
    assert [index.entity_id(n) for n in index.candidates(query_entity("Mayo"), top=1)] == ["mayo"]
    hits = index.screen(query_entity("Ismael Z.", birth_date="1948-01-01"), top=2)
    assert hits[0].entity_id == "mayo"
    assert "other" not in {h.entity_id for h in index.screen(query_entity("Zambada"))}


def test_index_from_iterable_is_incremental() -> None:
    index = ScreeningIndex()
    index.add({"id": "a", "schema": "Person", "properties": {"name": ["Rafael Caro Quintero"]}})
    assert index.screen(query_entity("Rafael Caro"))[0].entity_id == "a"
    index.add({"id": "b", "schema": "Person", "properties": {"name": ["Rafael Caro Lopez"]}})
    assert {c.entity_id for c in index.screen(query_entity("Rafael Caro"))} == {"a", "b"}
    assert len(index) == 2 and index.memory_bytes() > 0
    assert index.remove("a") and not index.remove("a")
    assert [c.entity_id for c in index.screen(query_entity("Rafael Caro"))] == ["b"]
    index.add({"id": "b", "schema": "Person", "properties": {"name": ["Ramon Lopez"]}})
    assert index.screen(query_entity("Rafael Caro")) == []


def test_estimated_birth_date_terms_are_the_models() -> None:
    """The vectorized date terms of the estimate equal the matcher's date features."""
    import random

    import numpy as np

    from vinculo.match.analysis import Date
    from vinculo.match.blocking import date_code
    from vinculo.match.features import _date_features
    from vinculo.match.model import get_model
    from vinculo.match.terms import date_terms

    model = get_model().person
    weights = dict(zip(model.features, model.weights, strict=True))
    rng = random.Random(5)
    for _ in range(300):
        dates = []
        for _side in range(2):
            y, m, d = rng.choice((1970, 1971, 1972)), rng.choice((3, 4)), rng.choice((9, 10))
            dates.append(rng.choice((f"{y}", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}")))
        query, entity = dates
        code = date_code(query)
        parsed: Date = (code // 10000, code // 100 % 100 or None, code % 100 or None)
        values: dict[str, float] = {}
        _date_features([parsed], [_as_date(entity)], values)
        expected = sum(weights[f] * v for f, v in values.items())
        got = date_terms(weights, parsed, np.array([date_code(entity)], dtype=np.int32))
        assert abs(float(got[0]) - expected) < 1e-9, (query, entity)


def _as_date(text: str) -> tuple[int, int | None, int | None]:
    parts = [int(p) for p in text.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
