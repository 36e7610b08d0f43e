"""``vinculo network``: disrupt on published files; metrics, targets, export on the store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.factories import community, person, stmt, write
from vinculo.cli import cli
from vinculo.model.marking import TLP
from vinculo.model.statement import SCHEMA_PROP
from vinculo.store import Store

MONTAGNA = Path(__file__).resolve().parents[3] / "shared" / "data" / "networks" / "montagna"
CALLS = str(MONTAGNA / "Montagna_phonecalls_edgelist.csv")

Run = Callable[..., Result]


def plain(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_disrupt_json_reproduces_the_paper() -> None:
    result = plain("network", "disrupt", CALLS, "--strategy", "betweenness", "--steps", "5")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["nodes"], data["edges"], data["mode"]) == (100, 124, "sequential")
    assert [s["removed"] for s in data["steps"]] == [0, 1, 2, 3, 4, 5]
    assert round(data["steps"][5]["lcc"], 3) == 0.247


def test_disrupt_block_csv_png_and_options(tmp_path: Path) -> None:
    out = plain(
        "network",
        "disrupt",
        CALLS,
        "--mode",
        "block",
        "--block-size",
        "5",
        "--steps",
        "2",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert [r["removed"] for r in rows] == ["0", "5", "10"]
    assert round(float(rows[1]["lcc"]), 3) == 0.326
    png = tmp_path / "c.png"
    made = plain("network", "disrupt", CALLS, "--format", "png", "--output", str(png))
    assert made.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    nopath = plain("network", "disrupt", CALLS, "--format", "png")
    assert nopath.exit_code != 0 and "--output" in nopath.output
    rnd = plain(
        "network",
        "disrupt",
        CALLS,
        "--strategy",
        "random",
        "--runs",
        "4",
        "--steps",
        "3",
        "--recovery",
        "triadic:0.2",
    )
    data = json.loads(rnd.output)
    assert data["runs"] == 4 and data["recovery"]["model"] == "triadic"
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id,role\n61,leader\n")
    role = plain(
        "network", "disrupt", CALLS, "--strategy", "role", "--nodes", str(nodes), "--steps", "1"
    )
    assert json.loads(role.output)["steps"][1]["nodes_removed"] == ["61"]


def test_disrupt_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("a b 1\nb c lots\n")
    result = plain("network", "disrupt", str(bad))
    assert result.exit_code != 0
    assert "bad.txt, line 2" in result.output and "weight" in result.output


def test_metrics_and_targets_on_a_file() -> None:
    out = plain("network", "metrics", "--edges", CALLS, "--format", "json")
    data = json.loads(out.output)
    assert data["summary"]["lcc"] == 89
    top = plain("network", "targets", "--edges", CALLS, "--limit", "2")
    assert top.exit_code == 0 and top.output.startswith("1. ")


@pytest.fixture
def run(store: Store, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open",
        classmethod(lambda cls, settings, schema=None: Store(store.engine, settings)),
    )
    community(store)
    facts = person("p1", "Ana Ruiz", tlp=TLP.CLEAR) + person("p2", "Beto Lara", tlp=TLP.CLEAR)
    facts += [
        stmt("c1", SCHEMA_PROP, "c1", schema="Call", tlp=TLP.RED),
        stmt("c1", "caller", "p1", schema="Call", tlp=TLP.RED, prop_type="entity"),
        stmt("c1", "receiver", "p2", schema="Call", tlp=TLP.RED, prop_type="entity"),
    ]
    write(store, facts)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--database-url", store.settings.database_url, *args])

    return invoke


def test_store_commands_respect_the_acting_user(run: Run) -> None:
    data = json.loads(run("network", "metrics", "--format", "json").output)
    assert data["summary"]["edges"] == 1
    hidden = json.loads(run("--as", "luis.fgr", "network", "metrics", "--format", "json").output)
    assert hidden["summary"]["edges"] == 0  # the RED call is DEA's own
    graphml = run("network", "export", "--format", "graphml").output
    assert "<graphml" in graphml and "p1" in graphml
    targets = run("network", "targets", "--format", "json")
    assert json.loads(targets.output)[0]["node"] in {"p1", "p2"}
