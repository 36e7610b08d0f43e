import csv
from datetime import date
from pathlib import Path

import pytest

from vinculo.exc import InvalidData
from vinculo.legal.example import GUZMAN_FILE, load_history
from vinculo.legal.indictment import count_lineage
from vinculo.legal.state import State
from vinculo.legal.timeline import build_timeline

# the project's shared data lies beside the checkout (as in CI)
SDN = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac" / "sdn.csv"


def test_guzman_history_loads_with_its_sources() -> None:
    h = load_history()
    assert h.marking == "CLEAR"
    districts = {c.court.district for c in h.cases}
    assert {"E.D.N.Y.", "N.D. Ill.", "W.D. Tex.", "D.N.H.", "S.D. Cal.", "D. Ariz."} <= districts
    used = {s for c in h.cases for v in c.versions for s in v.sources}
    used |= {s for e in h.events for s in e.sources} | {s for r in h.requests for s in r.sources}
    assert used <= set(h.sources) and len(used) >= 20
    for e in h.events:
        assert e.sources, e.label


def test_guzman_key_dates() -> None:
    h = load_history()
    by_date = {e.date: e for e in h.events}
    assert by_date["2001-01-19"].kind.value == "escape"
    assert by_date["2014-02-22"].kind.value == "capture"
    assert by_date["2015-07-11"].kind.value == "escape"
    assert by_date["2016-01-08"].kind.value == "capture"
    for r in h.requests:
        assert r.state is State.EXTRADITED and r.current.on == date(2017, 1, 19)
        assert (r.requesting, r.requested) == ("US", "MX")
        assert State.AMPARO in [t.state for t in r.history]


def test_edny_superseding_history_and_trial_counts() -> None:
    edny = next(c for c in load_history().cases if c.court.district == "E.D.N.Y.")
    s4 = edny.version("Fourth superseding indictment (S-4)")
    assert s4.total == 17 and s4.filed == "2016-05-11"
    assert edny.original.sealed and edny.original.unsealed == "2009-08-20"
    trial = edny.current
    assert trial.kind == "trial" and len(trial.counts) == 10
    assert "21 U.S.C. 848(a)" in trial.counts[0].statutes
    assert count_lineage(edny, start=s4.label) == {"1": ("1",), "15": ()}
    last = edny.diffs()[-1]
    assert last.dropped_counts == ("15",) and len(last.unknown_origin) == 9


def test_ofac_designation_matches_the_shared_sdn_file() -> None:
    (d,) = load_history().designations
    assert (d.ent_num, d.program, d.list) == (6861, "SDNTK", "SDN")
    assert SDN.exists(), f"the shared OFAC list is missing at {SDN}"
    with SDN.open(encoding="latin-1", newline="") as handle:
        row = next(r for r in csv.reader(handle) if r and r[0] == "6861")
    assert row[1] == d.listed_name and row[3] == d.program and row[11] == d.remarks


def test_guzman_timeline_runs_from_1993_to_2022() -> None:
    h = load_history()
    dated, undated = build_timeline(
        ["vl-guzman-loera"], events=h.events, cases=h.cases, requests=h.requests
    )
    assert dated[0].date == "1993" and dated[-1].date == "2022-01-25"
    assert [e.date for e in dated] == sorted(e.date or "" for e in dated)
    assert any(e.ref == "case-us-sdcal" for e in undated)


def test_bad_reference_is_located(tmp_path: Path) -> None:
    text = GUZMAN_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("sources: [telesur-2016-01-08]}", "sources: [nope]}"), "utf-8")
    with pytest.raises(InvalidData) as err:
        load_history(bad)
    problem = err.value.errors[0]
    assert problem.file == str(bad) and problem.field == "sources" and "nope" in problem.message
    assert problem.line is not None and "nope" in bad.read_text().splitlines()[problem.line - 1]


def test_an_impossible_history_is_refused(tmp_path: Path) -> None:
    text = GUZMAN_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("      - state: amparo\n", "      - state: habeas\n", 1), "utf-8")
    with pytest.raises(InvalidData, match="its review is amparo"):
        load_history(bad)
