"""The labelled OFAC pairs: reproducible, and the reported split shares no family with training."""

from pathlib import Path

import pytest

from vinculo.match.ofac import read_sdn
from vinculo.match.pairs import build_pairs, family_key, split_of
from vinculo.names import fold

OFAC = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac"


@pytest.fixture(scope="module")
def entries():  # type: ignore[no-untyped-def]
    if not (OFAC / "sdn.csv").exists():
        pytest.fail(f"the shared OFAC list is missing: {OFAC} (clone ../shared beside this)")
    return read_sdn(OFAC)


def test_reader_parses_remarks(entries) -> None:  # type: ignore[no-untyped-def]
    chapo = next(e for e in entries if e.ent_num == 6861)
    assert chapo.name == "GUZMAN LOERA, Joaquin"
    assert chapo.properties["birthDate"] == ["1954-12-25"]
    assert "GUZMAN LOESA, Joaquin" in chapo.aliases and len(chapo.aliases) == 18


def test_splits_are_disjoint_by_family(entries) -> None:  # type: ignore[no-untyped-def]
    train = {family_key(e) for e in entries if split_of(e) == "train"}
    test = {family_key(e) for e in entries if split_of(e) == "test"}
    assert train and test and not train & test


def test_pairs_are_reproducible_and_labelled(entries) -> None:  # type: ignore[no-untyped-def]
    people = [e for e in entries if e.is_person][:150]
    first = build_pairs(people, "test", 3)
    again = build_pairs(people, "test", 3)
    assert [(p.a, p.b, p.label) for p in first] == [(p.a, p.b, p.label) for p in again]
    assert {p.label for p in first} == {0, 1}
    ids = [e["id"] for p in first for e in (p.a, p.b)]
    assert len(ids) == len(set(ids))  # unique ids: peers cache by id
    for pair in first:
        if pair.kind == "sibling":
            a, b = pair.a["properties"]["name"][0], pair.b["properties"]["name"][0]
            assert fold(a) != fold(b)
