from __future__ import annotations

from pathlib import Path

import pytest

from vinculo.exc import InvalidData
from vinculo.graph.load import (
    apply_node_attributes,
    parse_network,
    read_network,
    read_node_attributes,
)


def test_whitespace_comma_and_header() -> None:
    g = parse_network("# comment\na b 2\nb\tc\n\nc d 1.5\n")
    assert list(g.nodes) == ["a", "b", "c", "d"]
    assert g["a"]["b"]["weight"] == 2 and g["b"]["c"]["weight"] == 1
    assert g["c"]["d"]["weight"] == 1.5
    h = parse_network('source,target,weight\nx,y,3\n"y z",x,1\n')
    assert set(h.nodes) == {"x", "y", "y z"}
    assert h["x"]["y"]["weight"] == 3


def test_duplicates_last_sum_max() -> None:
    text = "a b 1\nb a 4\na b 2\n"
    assert parse_network(text)["a"]["b"]["weight"] == 2
    assert parse_network(text, duplicates="sum")["a"]["b"]["weight"] == 7
    assert parse_network(text, duplicates="max")["a"]["b"]["weight"] == 4


def test_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("a b 1\nc d x\n")
    with pytest.raises(InvalidData) as err:
        read_network(path)
    problem = err.value.errors[0]
    assert (problem.file, problem.line, problem.field) == (str(path), 2, "weight")
    assert "bad.txt, line 2" in str(err.value)
    with pytest.raises(InvalidData, match=r"line 1.*4 fields"):
        parse_network("a b c d\n")
    with pytest.raises(InvalidData, match="positive"):
        parse_network("a b 0\n")
    with pytest.raises(InvalidData, match="no such file"):
        read_network(tmp_path / "missing.csv")
    with pytest.raises(InvalidData, match="no ties"):
        parse_network("# nothing\n")


def test_matrix_with_bom_and_directed_cells(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes('\ufeff"",x,y,z\nx,0,2,0\ny,1,0,0\nz,0,0,0\n'.encode())
    g = read_network(path)
    assert list(g.nodes) == ["x", "y", "z"]
    assert g["x"]["y"]["weight"] == 3  # both directions summed
    assert g.degree("z") == 0


def test_matrix_errors() -> None:
    with pytest.raises(InvalidData, match=r"line 3.*1 cells"):
        parse_network(",a,b\na,0,1\nb,1\n")
    with pytest.raises(InvalidData, match="two-mode"):
        parse_network(",a,b\na,0,1\nc,1,0\n")
    with pytest.raises(InvalidData, match=r"line 2.*not a number"):
        parse_network(",a,b\na,0,x\nb,1,0\n")


def test_node_attributes(tmp_path: Path) -> None:
    path = tmp_path / "nodes.csv"
    path.write_text("id,role,country\na,leader,MX\nb,,US\nq,money,US\n")
    g = parse_network("a b\n")
    attrs = read_node_attributes(path)
    apply_node_attributes(g, attrs)
    assert g.nodes["a"] == {"role": "leader", "country": "MX"}
    assert g.nodes["b"] == {"country": "US"}
    assert "q" not in g
    path.write_text("id,role\na,leader,extra\n")
    with pytest.raises(InvalidData, match="line 2"):
        read_node_attributes(path)
