"""The foundation's commands through click's runner, on SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories import ftm_line, write_jsonl
from vinculo.cli import cli
from vinculo.store import Store


@pytest.fixture
def run(store: Store, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run a command against the test store (PostgreSQL tests carry their schema in the URL)."""
    url = store.settings.database_url  # PostgreSQL: the test schema rides on the patched open
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open", classmethod(lambda cls, settings, schema=None: store)
    )
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True) -> object:
        result = runner.invoke(cli, ["--database-url", url, *args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_agencies_users_import_search_show_export_stats(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("agency", "add", "DEA", "--country", "US", "--name", "Drug Enforcement Administration")
    run("agency", "add", "FGR", "--country", "MX", "--name", "Fiscalía General de la República")
    run("user", "add", "ana", "--agency", "DEA", "--password", "long-enough-1")
    run("user", "add", "luis", "--agency", "FGR", "--password", "long-enough-2")
    shared = write_jsonl(
        tmp_path / "shared.jsonl",
        [ftm_line("p1", "Person", name="Ismael Zambada Garcia", alias="El Mayo")],
    )
    secret = write_jsonl(
        tmp_path / "secret.jsonl", [ftm_line("p2", "Person", name="Ovidio Guzman Lopez")]
    )
    out = run(
        "import",
        str(shared),
        "--agency",
        "DEA",
        "--marking",
        "AMBER",
        "--release-to",
        "country:MX",
        "--grading",
        "B2",
    ).output
    assert "1 entities" in out and "0 rejected" in out
    run("import", str(secret), "--agency", "DEA", "--marking", "AMBER+STRICT")
    assert (
        "0 new" in run("import", str(secret), "--agency", "DEA", "--marking", "AMBER+STRICT").output
    )
    stats = json.loads(run("stats", "--json").output)
    assert stats["entities"] == 2 and stats["schemata"] == {"Person": 2}
    luis = json.loads(run("--as", "luis", "stats", "--json").output)
    assert luis["entities"] == 1
    assert "p2" not in run("--as", "luis", "search", "guzman").output
    assert "p1" in run("--as", "luis", "search", "zambada").output
    assert run("--as", "luis", "show", "p2", ok=False).exit_code == 1
    shown = json.loads(run("--as", "luis", "show", "p1", "--format", "json").output)
    assert shown["statements"][0]["grading"] == "B2"
    lines = run("--as", "luis", "export").output.strip().splitlines()
    assert [json.loads(line)["referents"] for line in lines] == [["p1"]]
    lines = run("--as", "luis", "export", "--unresolved").output.strip().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["p1"]
    csv_out = run("--as", "ana", "export", "--format", "csv").output
    assert "Ovidio Guzman Lopez" in csv_out and "AMBER+STRICT" in csv_out


def test_import_refuses_unknown_agency_and_bad_marking(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(tmp_path / "a.jsonl", [ftm_line("p1", "Person", name="X")])
    result = run("import", str(path), "--agency", "NOPE", ok=False)
    assert result.exit_code == 1 and "unknown agency" in result.output
    run("agency", "add", "DEA", "--country", "US", "--name", "DEA")
    result = run("import", str(path), "--agency", "DEA", "--marking", "PURPLE", ok=False)
    assert "unknown TLP level" in result.output


def test_help_of_every_command() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help or command.short_help, name


def test_init_and_upgrade_on_a_new_sqlite_file(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'new.db'}"
    result = runner.invoke(cli, ["--database-url", url, "stats"])
    assert result.exit_code == 1 and "vinculo init" in result.output
    assert runner.invoke(cli, ["--database-url", url, "init"]).exit_code == 0
    result = runner.invoke(cli, ["--database-url", url, "db", "upgrade"])
    assert "up to date" in result.output
    result = runner.invoke(cli, ["--database-url", url, "--lang", "es", "db", "upgrade"])
    assert "actualizado" in result.output
