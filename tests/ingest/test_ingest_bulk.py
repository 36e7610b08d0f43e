"""The bulk path: rows built without Statement objects, optionally in a worker process."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select

from tests.factories import ftm_line, make_agency, write_jsonl
from vinculo.access.principal import Principal
from vinculo.exc import InvalidData
from vinculo.ingest import produce, worker
from vinculo.ingest.base import ImportOptions, SourceEntity
from vinculo.ingest.importer import entity_statements, run_import
from vinculo.model.marking import Grading, Marking
from vinculo.store import Store, reader
from vinculo.store.tables import statement


def _lines() -> list[dict[str, Any]]:
    lines = [
        ftm_line(
            f"p{i}",
            "Person",
            name=f"  Person  Number {i}",
            birthDate="1970-01-0" + str(i % 9 + 1),
            phone="+52 55 1234 56" + f"{i:02d}"[-2:],
            nationality="Mexico",
        )
        for i in range(30)
    ]
    lines[3]["marking"], lines[3]["releasability"] = "AMBER", ["country:MX"]
    lines[4]["grading"], lines[4]["collected"] = "C3", "2020-02-02"
    lines.append(ftm_line("c1", "Call", caller="p1", receiver="p2", date="2021-03-04"))
    return lines


def _opts() -> ImportOptions:
    return ImportOptions(
        format="ftm",
        agency="DEA",
        dataset="dea_bulk",
        marking=Marking.parse("AMBER+STRICT"),
        grading=Grading.parse("B2"),
    )


def _rows(store: Store) -> set[tuple[Any, ...]]:
    cols = [c for c in statement.c if c.name not in ("first_seen", "last_seen", "import_id")]
    with store.connect() as conn:
        return {tuple(r) for r in conn.execute(select(*cols))}


def _indexes(store: Store) -> set[str]:
    with store.connect() as conn:
        return {str(ix["name"]) for ix in inspect(conn).get_indexes("statement")}


@pytest.fixture(params=["in process", "worker"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0 if request.param == "worker" else 1 << 40)
    return str(request.param)


def test_bulk_rows_equal_statements_and_reimport_adds_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(produce, "MAX_PROVENANCES", 2)  # numbering restarts on the way
    make_agency(store, "DEA", "US")
    indexes = _indexes(store)
    assert {"ix_statement_entity", "ix_statement_type_value"} <= indexes
    lines = _lines()
    path = write_jsonl(tmp_path / "bulk.jsonl", lines)
    first = run_import(store, "system", path, _opts())
    assert _indexes(store) == indexes  # a first load may build them after the rows
    expected = [
        s
        for number, data in enumerate(lines, start=1)
        for s in entity_statements(SourceEntity(data, f"bulk.jsonl:{number}"), _opts())
    ]
    assert first.entities == len(lines)
    assert first.added == first.statements == len(expected) == 30 * 5 + 4
    assert {row[0] for row in _rows(store)} == {s.id for s in expected}
    again = run_import(store, "system", path, _opts())
    assert again.added == 0 and again.statements == first.statements
    p3 = reader.get_entity(store, Principal.system(), "p3")
    assert {str(s.marking) for s in p3.statements} == {"AMBER rel:country:MX"}
    p4 = reader.get_entity(store, Principal.system(), "p4")
    assert {(str(s.grading), str(s.collected)) for s in p4.statements} == {("C3", "2020-02-02")}
    assert {
        str(s.marking) for s in reader.get_entity(store, Principal.system(), "p5").statements
    } == {"AMBER+STRICT"}
    p1 = reader.get_entity(store, Principal.system(), "p1")
    assert p1.get("name") == ["Person Number 1"]
    name = next(s for s in p1.statements if s.prop == "name")
    assert name.original_value == "  Person  Number 1"
    assert name.source_record == "bulk.jsonl:2"


def test_worker_and_in_process_write_the_same_rows(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_agency(store, "DEA", "US")
    path = write_jsonl(tmp_path / "same.jsonl", _lines())
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 1 << 40)
    run_import(store, "system", path, _opts())
    in_process = _rows(store)
    with store.begin() as conn:
        conn.execute(statement.delete())
    monkeypatch.setattr(worker, "WORKER_MIN_BYTES", 0)
    run_import(store, "system", path, _opts())
    assert _rows(store) == in_process
    assert len(in_process) == 30 * 5 + 4


def test_errors_keep_file_line_and_field_and_write_nothing(
    store: Store, tmp_path: Path, mode: str
) -> None:
    make_agency(store, "DEA", "US")
    indexes = _indexes(store)
    lines = _lines()
    lines[20]["properties"]["birthDate"] = ["31/02/notadate"]
    lines[25]["properties"]["shoeSize"] = ["44"]
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    with pytest.raises(InvalidData) as info:
        run_import(store, "system", path, _opts())
    first, second = info.value.errors
    assert (first.file, first.line, first.field) == (str(path), 21, "birthDate")
    assert (second.line, second.field) == (26, "shoeSize")
    assert "and 1 more problems" in info.value.message
    assert _rows(store) == set()
    assert _indexes(store) == indexes
    path.write_bytes(path.read_bytes() + b'{"id": "x", "sch')
    with pytest.raises(InvalidData) as info:
        run_import(store, "system", path, _opts())
    assert info.value.errors[-1].line == len(lines) + 1
    assert "truncated" in info.value.errors[-1].message
