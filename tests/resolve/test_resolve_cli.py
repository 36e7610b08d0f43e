"""`vinculo review` and `vinculo xref` in a terminal."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result
from test_resolve_service import seed

from vinculo.cli import cli
from vinculo.store import Store


def run(store: Store, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, ["--database-url", store.settings.database_url, *args])
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_review_from_the_terminal(store: Store) -> None:
    seed(store)
    queue = json.loads(run(store, "--as", "bob.fbi", "review", "queue", "--json").output)
    assert [(q["left"], q["right"]) for q in queue] == [("b1", "f1")]
    shown = run(store, "--as", "ana.dea", "review", "show", "d1", "f1").output
    assert "Joaquín Guzmán Loera" in shown and "same name" in shown and "DEA" in shown
    run(store, "--as", "bob.fbi", "review", "show", "d1", "f1", ok=False)
    judged = run(
        store, "--as", "ana.dea", "review", "judge", "d1", "f1", "same", "--reason", "CURP"
    )
    edge_id = int(judged.output.split("#")[1].split(":")[0])
    merged = json.loads(run(store, "--as", "ana.dea", "review", "merged", "f1").output)
    assert merged["referents"] == ["d1", "f1"]
    run(store, "--as", "ana.dea", "review", "undo", str(edge_id))
    merged = json.loads(run(store, "--as", "ana.dea", "review", "merged", "f1").output)
    assert merged["referents"] == ["f1"]
    lines = run(store, "--as", "ana.dea", "review", "export").output.splitlines()
    assert sorted(json.loads(x)["referents"] for x in lines) == [["b1"], ["d1"], ["f1"]]
    run(store, "--as", "ana.dea", "xref", ok=False)  # administrators only
