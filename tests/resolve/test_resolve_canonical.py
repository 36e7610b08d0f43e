"""Canonical FtM entities carry the merged values and their referents."""

from __future__ import annotations

import pytest

from vinculo.exc import InvalidData
from vinculo.resolve import Judgement, Resolver, canonical_entities, canonical_entity

A = {
    "id": "mx-1",
    "schema": "Person",
    "properties": {"name": ["José Pérez"], "birthDate": ["1970-01-02"]},
}
B = {
    "id": "us-9",
    "schema": "LegalEntity",
    "properties": {"name": ["Pepe Perez"], "phone": ["+525512345678"]},
}
C = {"id": "us-3", "schema": "Person", "properties": {"name": ["Ana Ruiz"]}}
V = {"id": "veh-1", "schema": "Vehicle", "properties": {"registrationNumber": ["ABC123"]}}


def test_merge_takes_the_specific_schema_and_all_values() -> None:
    merged = canonical_entity("vc-x", [B, A])
    assert merged["id"] == "vc-x"
    assert merged["schema"] == "Person"
    assert merged["referents"] == ["mx-1", "us-9"]
    assert sorted(merged["properties"]["name"]) == ["José Pérez", "Pepe Perez"]
    assert merged["properties"]["phone"] == ["+525512345678"]


def test_incompatible_schemata_are_refused() -> None:
    with pytest.raises(InvalidData):
        canonical_entity("vc-y", [A, V])


def test_one_line_per_canonical_entity() -> None:
    r = Resolver()
    r.judge("mx-1", "us-9", Judgement.SAME, user="ana")
    out = list(canonical_entities([A, C, B], r.clustering()))
    assert len(out) == 2
    referents = sorted(tuple(e["referents"]) for e in out)
    assert referents == [("mx-1", "us-9"), ("us-3",)]
    assert {e["id"] for e in out} == {r.canonical_id("mx-1"), r.canonical_id("us-3")}
