"""What the agencies hold: valid FtM, partial and noisy views, markings, ground truth."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from typing import Any

import pytest
from followthemoney import model
from followthemoney.types import registry

from vinculo.demo import Manifest, generate
from vinculo.model.marking import TLP, Grading, Marking


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    return generate(tmp_path_factory.mktemp("scenario"), people=1000, seed=7)


@cache
def _records(manifest: Manifest) -> dict[str, list[dict[str, Any]]]:
    return {d.agency: [json.loads(line) for line in d.path.open("rb")] for d in manifest.datasets}


@cache
def _truth(manifest: Manifest) -> list[dict[str, Any]]:
    return [json.loads(line) for line in manifest.ground_truth.open("rb")]


def test_every_entity_is_strictly_valid_ftm(scenario: Manifest) -> None:
    for agency, records in _records(scenario).items():
        ids = {r["id"] for r in records}
        assert len(ids) == len(records), f"{agency}: duplicate record ids"
        for record in records:
            schema = model.get(record["schema"])
            assert schema is not None and not schema.abstract, record
            for name, values in record["properties"].items():
                prop = schema.get(name)
                assert prop is not None and not prop.stub, (agency, record["schema"], name)
                assert values and all(isinstance(v, str) and v for v in values), record
                if prop.type == registry.entity:
                    assert set(values) <= ids, f"{agency}: dangling {name} -> {values}"
            # Re-cleaning every value must change nothing: they are already canonical.
            proxy = model.get_proxy(record, cleaned=False)
            assert proxy.to_dict()["properties"] == record["properties"], record
            schema.validate(record)


def test_record_level_markings_gradings_and_dates(scenario: Manifest) -> None:
    levels: Counter[str] = Counter()
    for dataset in scenario.datasets:
        for line in dataset.path.open("rb"):
            record = json.loads(line)
            level = record.get("marking", dataset.marking)
            recipients = record.get("releasability", list(dataset.releasability))
            marking = Marking.parse(level, recipients)  # raises on anything malformed
            levels[marking.tlp] += 1
            if marking.tlp is TLP.RED:
                assert any(r.startswith("agency:") for r in recipients)
            grading = Grading.parse(record.get("grading", dataset.grading))
            assert grading.reliability and grading.credibility
            assert date(2016, 1, 1) <= date.fromisoformat(record["collected"]) <= date(2025, 7, 1)
    total = sum(levels.values())
    assert levels[TLP.AMBER] / total > 0.7
    for rarer in (TLP.AMBER_STRICT, TLP.GREEN, TLP.RED):
        assert 0 < levels[rarer] / total < 0.12, rarer


def test_at_least_four_agencies_per_country(scenario: Manifest) -> None:
    countries = Counter(a.country for a in scenario.agencies)
    assert countries["US"] >= 4 and countries["MX"] >= 4
    assert all(d.entities > 100 for d in scenario.datasets)
    assert len({d.name for d in scenario.datasets}) == len(scenario.datasets)


def test_ground_truth_maps_every_record_once(scenario: Manifest) -> None:
    truth = _truth(scenario)
    mapping: dict[str, str] = {}
    entities = {t["id"] for t in truth if t["kind"] not in ("record", "target", "operation")}
    for item in truth:
        if item["kind"] == "record":
            assert item["record"] not in mapping, item
            mapping[item["record"]] = item["truth"]
    for _agency, records in _records(scenario).items():
        for record in records:
            true_id = mapping[record["id"]]  # every record is in the ground truth
            assert true_id != record["id"]
            assert true_id in entities, true_id
    assert len(mapping) == sum(d.entities for d in scenario.datasets)


def test_organization_structure_is_a_hierarchy(scenario: Manifest) -> None:
    people = {t["id"]: t for t in _truth(scenario) if t["kind"] == "person"}
    assert len(people) == 1000
    roles = Counter(p["role"] for p in people.values())
    for role in (
        "leader",
        "plaza_boss",
        "lieutenant",
        "logistics",
        "launderer",
        "smuggler",
        "cell_leader",
        "distributor",
        "official",
    ):
        assert roles[role] > 0, role
    assert roles["leader"] == 1
    for person in people.values():
        if person["role"] in ("leader", "relative", "official"):
            continue
        chain, current = 0, person
        while current["superior"] is not None and chain < 10:  # climbs up to the leader
            current, chain = people[current["superior"]], chain + 1
        assert current["role"] == "leader", person
    assert {p["country"] for p in people.values()} == {"mx", "us"}


def test_people_are_seen_partially_and_under_different_spellings(scenario: Manifest) -> None:
    truth = {t["record"]: t["truth"] for t in _truth(scenario) if t["kind"] == "record"}
    names: dict[str, set[str]] = defaultdict(set)
    agencies: dict[str, set[str]] = defaultdict(set)
    for agency, records in _records(scenario).items():
        for record in records:
            if record["schema"] == "Person":
                names[truth[record["id"]]].update(record["properties"]["name"])
                agencies[truth[record["id"]]].add(agency)
    people = [t for t in _truth(scenario) if t["kind"] == "person"]
    seen = [p for p in people if p["id"] in agencies]
    assert 0.3 < len(seen) / len(people) < 0.95  # partial: many are unknown to everyone
    multi = [pid for pid, held in agencies.items() if len(held) >= 3]
    assert len(multi) > 50
    spelled = [pid for pid in multi if len(names[pid]) >= 3]
    assert len(spelled) / len(multi) > 0.6  # the same person, written several ways
    boss = next(p for p in people if p["role"] == "leader")
    assert len(agencies[boss["id"]]) >= 5


def test_curp_and_rfc_on_mexican_records_are_valid(scenario: Manifest) -> None:
    from stdnum.mx import curp, rfc

    checked = 0
    for records in _records(scenario).values():
        for record in records:
            props = record["properties"]
            for value in props.get("idNumber", []):
                if len(value) == 18 and value[10] in "HM" and value[4:10].isdigit():
                    curp.validate(value)
                    checked += 1
            if record["schema"] == "Person":
                for value in props.get("taxNumber", []):
                    rfc.validate(value, validate_check_digits=True)
    assert checked > 100


def test_side_files_for_deconfliction(scenario: Manifest) -> None:
    cases = [json.loads(line) for line in scenario.cases.open("rb")]
    targets = [json.loads(line) for line in scenario.targets.open("rb")]
    ops = [json.loads(line) for line in scenario.operations.open("rb")]
    case_ids = {c["id"] for c in cases}
    assert {c["agency"] for c in cases} == {a.code for a in scenario.agencies}
    assert all(t["case"] in case_ids for t in targets)
    assert {t["kind"] for t in targets} >= {"person", "phone", "address", "vehicle"}
    records = {r["id"] for rs in _records(scenario).values() for r in rs}
    assert all(t["record"] in records for t in targets if t["record"])
    for op in ops:
        assert op["case"] in case_ids and op["start"] < op["end"]
        assert 14 < op["lat"] < 43 and -120 < op["lon"] < -84 and op["radius"] > 0
        assert op["contact"]["name"] and op["contact"]["phone"].startswith("+")
    truth = {t["operation"]: t["truth"] for t in _truth(scenario) if t["kind"] == "operation"}
    clashes = [
        (a["id"], b["id"])
        for a in ops
        for b in ops
        if a["agency"] < b["agency"]
        and truth[a["id"]] == truth[b["id"]]
        and a["start"] < b["end"]
        and b["start"] < a["end"]
    ]
    assert clashes  # agencies planning on the same boss in the same window
