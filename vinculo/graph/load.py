"""Read published network files into an undirected networkx graph.

Two formats are accepted, so researchers can run vinculo on the data sets of the papers:

* an edge list, whitespace- or comma-separated ``source target [weight]``, one tie a line
  (``#`` and ``%`` start comments; a header line such as ``source,target,weight`` is skipped);
* an adjacency matrix CSV with the labels in the first row and the first column (the UCINET
  covert-network exports), optionally starting with a UTF-8 byte order mark.

Node order is kept as first seen in the file, because published attack results break ties by
it (see ``docs/network.md``). A pair listed twice keeps the *last* weight by default, as
networkx's ``Graph.add_edge`` does and as the Montagna authors' code relies on; ``duplicates``
can sum the weights or keep the maximum instead. Directed matrices become undirected, the
weight of a tie being the sum of both directions. Self-ties are dropped: they carry no
brokerage and distort degrees.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import networkx as nx

from vinculo.exc import InvalidData
from vinculo.i18n import N_

Format = Literal["auto", "edgelist", "matrix"]
Duplicates = Literal["last", "sum", "max"]

HEADER_WORDS = frozenset(
    {"source", "target", "weight", "from", "to", "src", "dst", "node1", "node2", "i", "j", "w"}
)


def read_network(
    path: str | Path, *, fmt: Format = "auto", duplicates: Duplicates = "last"
) -> nx.Graph:
    """Read an edge list or adjacency matrix file; errors name the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidData.at(N_("no such file"), file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InvalidData.at(N_("not UTF-8 text"), file=str(path)) from exc
    return parse_network(text, name=str(path), fmt=fmt, duplicates=duplicates)


def parse_network(
    text: str, *, name: str = "<text>", fmt: Format = "auto", duplicates: Duplicates = "last"
) -> nx.Graph:
    """Parse network text (see the module docstring for the formats)."""
    text = text.lstrip("\ufeff")
    if fmt == "auto":
        fmt = "matrix" if _looks_like_matrix(text) else "edgelist"
    if fmt == "matrix":
        graph = _parse_matrix(text, name)
    else:
        graph = _parse_edgelist(text, name, duplicates)
    if graph.number_of_nodes() == 0:
        raise InvalidData.at(N_("no ties found"), file=name)
    graph.graph["source"] = name
    return graph


def _looks_like_matrix(text: str) -> bool:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return first.startswith(",") or first.startswith('"",') or first.startswith("'',")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for data lines; commas win over whitespace per line."""
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#%":
            continue
        if "," in line:
            fields = [f.strip() for f in next(csv.reader(io.StringIO(line)))]
        else:
            fields = line.split()
        yield lineno, fields


def _number(value: str, name: str, lineno: int, field: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise InvalidData.at(
            N_("not a number: {value!r}"), file=name, line=lineno, field=field, value=value
        ) from None
    if not math.isfinite(number):
        raise InvalidData.at(
            N_("not a finite number: {value!r}"), file=name, line=lineno, field=field, value=value
        )
    return number


def _weight_value(number: float) -> float | int:
    return int(number) if number.is_integer() else number


def _parse_edgelist(text: str, name: str, duplicates: Duplicates) -> nx.Graph:
    graph = nx.Graph()
    first = True
    for lineno, fields in _rows(text):
        if first and {f.lower() for f in fields} <= HEADER_WORDS:
            first = False
            continue
        first = False
        if len(fields) not in (2, 3):
            raise InvalidData.at(
                N_("expected 'source target [weight]', found {n_fields} fields"),
                file=name,
                line=lineno,
                n_fields=len(fields),
            )
        source, target = fields[0], fields[1]
        if not source or not target:
            raise InvalidData.at(N_("empty node id"), file=name, line=lineno)
        weight = 1.0
        if len(fields) == 3:
            weight = _number(fields[2], name, lineno, "weight")
            if weight <= 0:
                raise InvalidData.at(
                    N_("weight must be positive, found {weight!r}"),
                    file=name,
                    line=lineno,
                    field="weight",
                    weight=fields[2],
                )
        graph.add_node(source)
        graph.add_node(target)
        if source == target:
            continue
        if graph.has_edge(source, target) and duplicates != "last":
            old = float(graph[source][target]["weight"])
            weight = old + weight if duplicates == "sum" else max(old, weight)
        graph.add_edge(source, target, weight=_weight_value(weight))
    return graph


def _parse_matrix(text: str, name: str) -> nx.Graph:
    rows = list(csv.reader(io.StringIO(text)))
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not numbered:
        raise InvalidData.at(N_("empty matrix"), file=name)
    _, header = numbered[0]
    labels = [c.strip() for c in header[1:]]
    while labels and labels[-1] == "":
        labels.pop()
    if len(set(labels)) != len(labels) or "" in labels:
        raise InvalidData.at(N_("column labels must be unique and non-empty"), file=name, line=1)
    values: dict[str, list[float]] = {}
    for lineno, row in numbered[1:]:
        label = row[0].strip()
        cells = [c.strip() for c in row[1:]]
        while len(cells) > len(labels) and cells[-1] == "":
            cells.pop()
        if len(cells) != len(labels):
            raise InvalidData.at(
                N_("row {label!r} has {n_cells} cells, the header has {n_labels} labels"),
                file=name,
                line=lineno,
                label=label,
                n_cells=len(cells),
                n_labels=len(labels),
            )
        if label not in labels:
            raise InvalidData.at(
                N_(
                    "row label {label!r} is not a column label (two-mode matrices are not "
                    "supported here)"
                ),
                file=name,
                line=lineno,
                label=label,
            )
        if label in values:
            raise InvalidData.at(
                N_("row label {label!r} repeated"), file=name, line=lineno, label=label
            )
        values[label] = [_number(c or "0", name, lineno, labels[j]) for j, c in enumerate(cells)]
    missing = [lab for lab in labels if lab not in values]
    if missing:
        raise InvalidData.at(
            N_("no row for column labels {missing}"), file=name, missing=missing[:5]
        )
    index = {lab: j for j, lab in enumerate(labels)}
    graph = nx.Graph()
    graph.add_nodes_from(labels)
    for i, a in enumerate(labels):
        for j in range(i + 1, len(labels)):
            b = labels[j]
            w = values[a][j] + values[b][index[a]]
            if w < 0:
                raise InvalidData.at(N_("negative tie {a!r}-{b!r}"), file=name, a=a, b=b)
            if w > 0:
                graph.add_edge(a, b, weight=_weight_value(w))
    return graph


def read_node_attributes(path: str | Path) -> dict[str, dict[str, str]]:
    """Read a node attribute CSV: header row, first column the node id (role, country...)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidData.at(N_("no such file"), file=str(path)) from exc
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise InvalidData.at(N_("empty attribute file"), file=str(path)) from exc
    out: dict[str, dict[str, str]] = {}
    for lineno, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise InvalidData.at(
                N_("expected {n_header} fields, found {n_row}"),
                file=str(path),
                line=lineno,
                n_header=len(header),
                n_row=len(row),
            )
        out[row[0].strip()] = {
            h: c.strip() for h, c in zip(header[1:], row[1:], strict=True) if c.strip()
        }
    return out


def apply_node_attributes(graph: nx.Graph, attrs: dict[str, dict[str, str]]) -> None:
    """Set node attributes; ids absent from the graph are ignored (isolates are not added)."""
    for node, values in attrs.items():
        if node in graph:
            graph.nodes[node].update(values)
