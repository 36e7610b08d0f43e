"""Bad input stops with file, line and field, and leaves the store exactly as it was."""

import json
from pathlib import Path

import pytest

from tests.factories import ftm_line, make_agency, write_jsonl
from vinculo.access.principal import Principal
from vinculo.exc import InvalidData
from vinculo.ingest.base import ImportOptions
from vinculo.ingest.importer import run_import
from vinculo.store import Store, reader

MAPPING = """
agency: DEA
marking: AMBER
releasability: [country:MX]
grading: B2
entities:
  person:
    schema: Person
    keys: [record_id]
    properties:
      name: {column: full_name}
      birthDate: {column: dob, format: "%d/%m/%Y"}
      phone: {column: phone}
"""


def _opts(fmt: str, mapping: Path | None = None) -> ImportOptions:
    return ImportOptions(format=fmt, agency="DEA", dataset="dea_test", mapping=mapping)


def _count(store: Store) -> int:
    return int(reader.stats(store, Principal.system())["statements"])


def _good(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "good.jsonl",
        [ftm_line("p1", "Person", name="Ismael Zambada Garcia", birthDate="1948-01-01")],
    )


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    make_agency(store, "DEA", "US")
    run_import(store, "system", _good(tmp_path), _opts("ftm"))
    return store


def _fails(
    store: Store, path: Path, opts: ImportOptions, line: int | None, field: str | None, words: str
) -> None:
    before = _count(store)
    with pytest.raises(InvalidData) as info:
        run_import(store, "system", path, opts)
    problem = info.value.errors[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.field == field
    assert words in info.value.message
    assert _count(store) == before


def test_bad_date_in_ftm_names_line_and_field(seeded: Store, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            ftm_line("p2", "Person", name="A"),
            ftm_line("p3", "Person", name="B"),
            ftm_line("p4", "Person", name="C", birthDate="31/02/notadate"),
        ],
    )
    _fails(seeded, path, _opts("ftm"), 3, "birthDate", "not a valid date")


def test_unknown_schema_and_property(seeded: Store, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [{"id": "x", "schema": "Narco", "properties": {}}])
    _fails(seeded, path, _opts("ftm"), 1, "schema", "unknown schema")
    path = write_jsonl(tmp_path / "p.jsonl", [ftm_line("x", "Person", shoeSize="44")])
    _fails(seeded, path, _opts("ftm"), 1, "shoeSize", "unknown property")


def test_truncated_and_non_utf8_files(seeded: Store, tmp_path: Path) -> None:
    good = json.dumps(ftm_line("p9", "Person", name="Z"))
    path = tmp_path / "t.jsonl"
    path.write_text(good + "\n" + good[:25], encoding="utf-8")
    _fails(seeded, path, _opts("ftm"), 2, None, "truncated")
    latin = tmp_path / "l.jsonl"
    latin.write_bytes((good + "\n").encode() + '{"name": "Nuñez"}\n'.encode("latin-1"))
    _fails(seeded, latin, _opts("ftm"), 2, None, "not valid utf-8")


def test_csv_mapping_errors(seeded: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text(MAPPING, encoding="utf-8")
    ragged = tmp_path / "r.csv"
    ragged.write_text(
        "record_id,full_name,dob,phone\n1,Ana,01/02/1980,+525512345678\n2,Bo\n", encoding="utf-8"
    )
    _fails(seeded, ragged, _opts("csv", mapping), 3, None, "row has 2 fields")
    missing = tmp_path / "m.csv"
    missing.write_text("record_id,name,dob,phone\n1,Ana,01/02/1980,\n", encoding="utf-8")
    _fails(seeded, missing, _opts("csv", mapping), 1, "full_name", "names column")
    bad_date = tmp_path / "d.csv"
    bad_date.write_text("record_id,full_name,dob,phone\n1,Ana,1980-02-01,\n", encoding="utf-8")
    _fails(seeded, bad_date, _opts("csv", mapping), 2, "dob", "does not match date format")


def test_csv_mapping_imports(seeded: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yml"
    mapping.write_text(MAPPING, encoding="utf-8")
    data = tmp_path / "ok.csv"
    data.write_text(
        'record_id,full_name,dob,phone\n7,"Nuñez, José",01/02/1980,+525512345678\n',
        encoding="utf-8",
    )
    summary = run_import(seeded, "system", data, _opts("csv", mapping))
    assert summary.entities == 1
    people = [e for e in reader.iter_entities(seeded, Principal.system()) if e.id != "p1"]
    assert people[0].get("birthDate") == ["1980-02-01"]
    assert people[0].statements[0].source_record == "ok.csv:2"
