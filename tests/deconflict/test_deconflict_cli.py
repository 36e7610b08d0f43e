"""The command line of the issue's Interfaces section, end to end on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from factories import community, write_jsonl

from vinculo.cli import cli
from vinculo.store import Store


def run(store: Store, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["--database-url", store.settings.database_url, *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def test_register_notices_ack_and_blind(sqlite_store: Store, tmp_path: Path) -> None:
    community(sqlite_store)
    dea = write_jsonl(tmp_path / "dea.jsonl", [
        {"id": "v1", "schema": "Vehicle", "properties": {"registrationNumber": ["VKT-123-A"],
                                                         "country": ["mx"]}},
        {"id": "p1", "schema": "Phone", "properties": {"number": ["+52 667 123 4567"]}},
    ])  # fmt: skip
    out = run(sqlite_store, "deconflict", "register", str(dea), "--agency", "DEA", "--case",
              "OCDETF-7", "--contact", "SA Smith", "--expires", "2099-12-31")  # fmt: skip
    assert [o["source_id"] for o in out] == ["v1", "p1"] and all(o["id"] for o in out)
    key = tmp_path / "community.key"
    CliRunner().invoke(cli, ["blind", "keygen", str(key), "--key-id", "2025a"])
    fgr = write_jsonl(tmp_path / "fgr.jsonl", [
        {"id": "x", "schema": "Phone", "properties": {"number": ["6671234567"]}},
    ])  # fmt: skip
    tokens = tmp_path / "fgr.tokens"
    result = CliRunner().invoke(cli, ["blind", "encode", str(fgr), "--key-file", str(key),
                                      "-o", str(tokens)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "667" not in tokens.read_text()
    run(sqlite_store, "deconflict", "register", str(tokens), "--agency", "FGR", "--case", "B",
        "--contact", "Lic. Pérez", "--blind")  # fmt: skip
    plain = write_jsonl(tmp_path / "fgr2.jsonl", [
        {"id": "y", "schema": "Vehicle", "properties": {"registrationNumber": ["vkt123a"],
                                                        "country": ["MX"]}},
    ])  # fmt: skip
    run(sqlite_store, "deconflict", "register", str(plain), "--agency", "FGR", "--case", "C",
        "--contact", "Lic. Pérez")  # fmt: skip
    (notice,) = run(sqlite_store, "deconflict", "notices", "--agency", "DEA", "--format", "json")
    assert set(notice) == {"id", "kind", "match", "score", "own", "other_contact", "acknowledged"}
    assert notice["own"]["case"] == "OCDETF-7" and notice["other_contact"] == "Lic. Pérez"
    assert notice["acknowledged"] is False
    run(sqlite_store, "deconflict", "ack", str(notice["id"]), "--agency", "DEA")
    (again,) = run(sqlite_store, "deconflict", "notices", "--agency", "DEA", "--format", "json")
    assert again["acknowledged"] is True


def test_register_event_and_bad_input(sqlite_store: Store, tmp_path: Path) -> None:
    community(sqlite_store)
    base = ["deconflict", "register-event", "--case", "A", "--contact", "c", "--kind", "raid",
            "--lat", "24.8", "--lon", "-107.39", "--radius-m", "200",
            "--start", "2099-05-01T20:00:00-07:00",
            "--end", "2099-05-01T23:00:00-07:00"]  # fmt: skip
    (first,) = run(sqlite_store, *base, "--agency", "DEA")
    (second,) = run(sqlite_store, *base, "--agency", "FGR")
    assert first["notices"] == [] and second["notices"][0]["match"] == "overlap"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "schema": "Phone", "properties": {"number": ["12"]}}\nnot json\n')
    url = sqlite_store.settings.database_url
    args = ["--database-url", url, "deconflict", "register", str(bad), "--agency", "DEA",
            "--case", "x", "--contact", "y"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and "line 2" in result.output
