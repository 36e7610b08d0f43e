"""The Montagna results of Cavallaro et al. (2020), reproduced from the authors' own files.

The authors' CSVs hold ``1 - |LCC_k - LCC_0| / LCC_0`` for every k they ran (sequential:
k = 0..~95 one removal at a time; block: raids of 5). Every value must come out equal, in
both networks, unweighted and weighted, for betweenness, degree and collective influence.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vinculo.graph.disrupt import Options, disrupt
from vinculo.graph.load import read_network

MONTAGNA = Path(__file__).resolve().parents[3] / "shared" / "data" / "networks" / "montagna"
NETWORKS = {"meetings": "Meeting", "phonecalls": "PhoneCalls"}
STRATEGIES = {
    "betweenness": "Betweenness",
    "degree": "Degree",
    "collective_influence": "Collective Influence",
}


def authors(mode: str, folder: str, weighted: bool, column: str) -> dict[int, float]:
    name = "Weighted" if weighted else "Unweighted"
    path = MONTAGNA / "Results" / mode.capitalize() / folder / f"df_{name}_5nrem.csv"
    with path.open() as fh:
        return {int(row["No"]): float(row[column]) for row in csv.DictReader(fh)}


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("mode", ["sequential", "block"])
@pytest.mark.parametrize("strategy", list(STRATEGIES))
@pytest.mark.parametrize("network", list(NETWORKS))
def test_montagna_equals_authors_files(
    network: str, strategy: str, mode: str, weighted: bool
) -> None:
    graph = read_network(MONTAGNA / f"Montagna_{network}_edgelist.csv")
    expected = authors(mode, NETWORKS[network], weighted, STRATEGIES[strategy])
    steps = max(expected) if mode == "sequential" else max(expected) // 5
    # The authors' code passed weights to networkx as lengths: distance="raw".
    options = Options(
        strategy=strategy,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        steps=steps,
        block_size=5,
        weighted=weighted,
        distance="raw",
        efficiency=False,
    )
    result = disrupt(graph, options)
    mine = {s.removed: s for s in result.steps}
    assert set(expected) <= set(mine)
    lcc0 = result.lcc0
    for k, value in expected.items():
        assert round(mine[k].lcc * lcc0) == round(value * lcc0), (k, value)
        assert mine[k].lcc == pytest.approx(value, abs=1e-12)


def test_montagna_headline_numbers() -> None:
    """README section 3: k = 1..5 and 10, and the block raid of the top 5."""
    meetings = read_network(MONTAGNA / "Montagna_meetings_edgelist.csv")
    calls = read_network(MONTAGNA / "Montagna_phonecalls_edgelist.csv")
    seq_m = disrupt(meetings, Options(steps=10, efficiency=False))
    seq_c = disrupt(calls, Options(steps=10, efficiency=False))
    assert (seq_m.lcc0, seq_c.lcc0) == (92, 89)
    assert [round(seq_m.steps[k].lcc, 3) for k in (1, 2, 3, 4, 5, 10)] == [
        0.957,
        0.739,
        0.717,
        0.5,
        0.424,
        0.207,
    ]
    assert [round(seq_c.steps[k].lcc, 3) for k in (1, 2, 3, 4, 5, 10)] == [
        0.764,
        0.573,
        0.427,
        0.393,
        0.247,
        0.045,
    ]
    raid_m = disrupt(meetings, Options(mode="block", steps=1, efficiency=False))
    raid_c = disrupt(calls, Options(mode="block", steps=1, efficiency=False))
    assert round(raid_m.steps[1].lcc, 3) == 0.837
    assert round(raid_c.steps[1].lcc, 3) == 0.326
    assert len(raid_m.steps[1].nodes_removed) == 5


def test_tie_break_matters_on_montagna() -> None:
    """Degree ties decide the phone-call curve: preferring the first seen differs."""
    calls = read_network(MONTAGNA / "Montagna_phonecalls_edgelist.csv")
    expected = authors("sequential", "PhoneCalls", False, "Degree")
    last = disrupt(calls, Options(strategy="degree", steps=20, efficiency=False))
    first = disrupt(
        calls, Options(strategy="degree", steps=20, tie_break="first", efficiency=False)
    )
    assert [s.lcc for s in last.steps] == pytest.approx([expected[k] for k in range(21)])
    assert [s.lcc for s in first.steps] != pytest.approx([expected[k] for k in range(21)])
