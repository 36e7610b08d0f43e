"""The key table: inserts, merges and bulk loads all answer the same lookups."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vinculo.deconflict.index import KeyTable, key_hash, key_hashes


def test_add_get_count_across_merges() -> None:
    table = KeyTable(merge_at=3)
    for row, key in enumerate(["a", "b", "a", "c", "a", "b"]):
        table.add(key, row)
    assert sorted(table.get("a")) == [0, 2, 4]
    assert table.count("b") == 2
    assert table.get("zzz") == []
    assert len(table) == 6
    assert table.counts(key_hashes(["a", "b", "zzz"])).tolist() == [3, 2, 0]
    assert sorted(table.rows("a").tolist()) == [0, 2, 4]


def test_bulk_load_and_remove_rows() -> None:
    table = KeyTable()
    table.bulk_load(key_hashes(["x", "y", "x"]), np.array([10, 11, 12], dtype=np.int64))
    table.add("x", 13)
    assert sorted(table.get("x")) == [10, 12, 13]
    table.remove_rows([12, 13])
    assert table.get("x") == [10]
    assert table.get(key_hash("y")) == [11]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=3), st.integers(0, 50)), max_size=60))
def test_matches_a_dict_of_lists(pairs: list[tuple[str, int]]) -> None:
    table = KeyTable(merge_at=7)
    expected: dict[str, list[int]] = {}
    for key, row in pairs:
        table.add(key, row)
        expected.setdefault(key, []).append(row)
    for key, rows in expected.items():
        assert sorted(table.get(key)) == sorted(rows)
        assert table.count(key) == len(rows)
        assert sorted(table.rows(key).tolist()) == sorted(rows)
    if expected:
        keys = sorted(expected)
        assert table.counts(key_hashes(keys)).tolist() == [len(expected[k]) for k in keys]
