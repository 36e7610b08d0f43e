"""Cells, hubs and people of `vinculo.demo.org` and `vinculo.demo.people`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from vinculo.demo import org
from vinculo.demo.agencies import AGENCIES, load_agencies
from vinculo.demo.cells import build_cell
from vinculo.demo.people import make_person
from vinculo.exc import InvalidData


def test_plan_builds_exactly_the_people_asked_for() -> None:
    plan = list(org.plan(7, 5000))
    assert sum(take for _, take in plan) == 5000
    assert all(take == len(head.roles) for head, take in plan[:-1])
    assert plan[0][0].kind == "leadership"
    kinds = Counter(head.kind for head, _ in plan)
    assert set(kinds) == {"leadership", *org.OPENING}


def test_a_cell_can_be_rebuilt_alone() -> None:
    head = org.header(7, 12)
    org.hub.cache_clear()
    org.header.cache_clear()
    again = build_cell(7, org.header(7, 12), len(head.roles))
    first = build_cell(7, org.header(7, 12), len(head.roles))
    assert [p.true_name() for p in again.people] == [p.true_name() for p in first.people]
    assert [(lk.schema, lk.source, lk.target) for lk in again.links] == [
        (lk.schema, lk.source, lk.target) for lk in first.links
    ]


def test_hubs_answer_to_earlier_cells_or_the_leadership() -> None:
    for index in range(1, 40):
        cell = build_cell(7, org.header(7, index), len(org.header(7, index).roles))
        boss = cell.people[0]
        assert boss.superior in cell.outside
        assert cell.outside[boss.superior].cell < index


def test_kin_share_surnames() -> None:
    boss = make_person(7, 3, 0, "plaza_boss", org.header(7, 3).city)
    sibling = make_person(7, 3, 5, "lieutenant", org.header(7, 3).city, (boss, "sibling"))
    assert (sibling.paternal, sibling.maternal) == (boss.paternal, boss.maternal)
    child = make_person(7, 3, 6, "relative", org.header(7, 3).city, (boss, "child"))
    assert child.paternal == boss.paternal and child.birth > boss.birth


def test_us_cells_have_us_people_with_one_surname() -> None:
    index = next(i for i in range(1, 30) if org.header(7, i).kind == "us_cell")
    cell = build_cell(7, org.header(7, index), len(org.header(7, index).roles))
    nationals = [p for p in cell.people if p.nationality == ("us",)]
    assert nationals and all(not p.maternal and p.curp is None for p in nationals)
    assert all(p.country == "us" for p in cell.people)


def test_agency_table_loads_and_is_checked(tmp_path: Path) -> None:
    assert load_agencies() == AGENCIES
    path = tmp_path / "agencies.yaml"
    path.write_text(yaml.safe_dump({"agencies": [{"code": "XX"}]}), "utf-8")
    with pytest.raises(InvalidData, match="missing"):
        load_agencies(path)
