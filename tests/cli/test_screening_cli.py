"""`vinculo match-pairs` and `vinculo screen` through click's runner."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories import community, person, write
from vinculo.cli import cli
from vinculo.services import screening
from vinculo.store import Store


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    screening.clear_cache()
    yield
    screening.clear_cache()


def test_match_pairs_from_stdin_in_order() -> None:
    a = {
        "id": "a",
        "schema": "Person",
        "properties": {"name": ["GUZMAN LOERA, Joaquin"], "birthDate": ["1954-12-25"]},
    }
    b = {
        "id": "b",
        "schema": "Person",
        "properties": {"name": ["Joaquín Guzmán"], "birthDate": ["1954"]},
    }
    son = {
        "id": "c",
        "schema": "Person",
        "properties": {"name": ["Joaquin Guzman Loera"], "birthDate": ["1986-03-02"]},
    }
    text = "".join(
        json.dumps(r) + "\n" for r in [{"id": "p1", "a": a, "b": b}, {"id": "p2", "a": a, "b": son}]
    )
    result = CliRunner().invoke(cli, ["match-pairs", "-"], input=text)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["p1", "p2"]
    assert rows[0]["score"] > 0.9 and rows[1]["score"] < 0.3
    assert any(f["feature"] == "dob_conflict" for f in rows[1]["explanation"]["features"])


def test_match_pairs_reports_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"id": 1, "a": {}, "b": {}}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["match-pairs", str(path)])
    assert result.exit_code != 0
    assert "line 1" in result.output and "'a'" in result.output


def test_screen_name_and_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    community(store)
    write(
        store,
        person(
            "chapo",
            "GUZMAN LOERA, Joaquin",
            agency="DEA",
            birthDate="1954-12-25",
            weakAlias="EL CHAPO",
        ),
    )
    write(store, person("mayo", "ZAMBADA GARCIA, Ismael", agency="FGR", birthDate="1948-01-01"))
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open", classmethod(lambda cls, settings, schema=None: store)
    )
    url = store.settings.database_url
    runner = CliRunner()
    result = runner.invoke(cli, ["--database-url", url, "screen", "El Chapo", "--top", "1"])
    assert result.exit_code == 0, result.output
    assert "chapo" in result.output and "same nickname" in result.output
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        '{"name": "Mayo Zambada", "birth_date": "1948"}\n{"name": "Joaquin Guzman"}\n'
    )
    result = runner.invoke(
        cli, ["--database-url", url, "screen", "--file", str(queries), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["results"][0]["id"] for r in rows] == ["mayo", "chapo"]
    # as an FGR analyst, DEA's AMBER record is not there to be found
    result = runner.invoke(
        cli, ["--database-url", url, "--as", "luis.fgr", "screen", "Joaquin Guzman Loera"]
    )
    assert result.exit_code == 0 and "chapo" not in result.output
