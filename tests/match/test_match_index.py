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
        pytest.skip("shared OFAC data not present")
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
    assert 0 < len(chosen) <= index.max_candidates and len(chosen) < len(index) / 100
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
