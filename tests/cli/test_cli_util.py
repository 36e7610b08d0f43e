"""Errors reach the terminal in the language of ``--lang``, with the user's values intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.factories import community, ftm_line, write_jsonl
from vinculo.cli import cli
from vinculo.store import Store


@pytest.fixture
def run(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open", classmethod(lambda cls, settings, schema=None: sqlite_store)
    )
    community(sqlite_store)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        url = sqlite_store.settings.database_url
        return runner.invoke(cli, ["--database-url", url, *args], catch_exceptions=False)

    return invoke


def test_an_unknown_user_in_spanish_and_english(run) -> None:  # type: ignore[no-untyped-def]
    spanish = run("--lang", "es", "--as", "nadie{0}", "stats")
    assert spanish.exit_code == 1
    assert "usuario desconocido 'nadie{0}'" in spanish.output
    english = run("--lang", "en", "--as", "nadie{0}", "stats")
    assert "unknown user 'nadie{0}'" in english.output


def test_every_import_problem_in_spanish_with_its_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(
        tmp_path / "malos.jsonl",
        [ftm_line("p1", "Nave", name="X"), {**ftm_line("p2", "Person", name="Y"), "grading": "Z7"}],
    )
    result = run("--lang", "es", "import", str(path), "--agency", "DEA")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        f"Error: {path}, línea 1, campo 'schema': esquema desconocido 'Nave' (y 1 más)"
    )
    assert lines[1].startswith(f"  - {path}, línea 2")
    assert "calificación no válida 'Z7'" in lines[1]
    english = run("--lang", "en", "import", str(path), "--agency", "DEA").output
    assert "line 1, field 'schema': unknown schema 'Nave' (and 1 more problems)" in english
