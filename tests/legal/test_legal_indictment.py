import pytest

from vinculo.exc import Conflict, InvalidData
from vinculo.legal.indictment import (
    Count,
    Court,
    CriminalCase,
    IndictmentVersion,
    count_lineage,
    diff_versions,
)

EDNY = Court("US", "United States District Court for the Eastern District of New York", "E.D.N.Y.")


def _v(
    label: str, kind: str, filed: str, counts: list[Count], defs: tuple[str, ...]
) -> IndictmentVersion:
    return IndictmentVersion(label, kind, filed, tuple(counts), defs)  # type: ignore[arg-type]


ORIGINAL = _v(
    "Indictment",
    "original",
    "2009-07",
    [
        Count("1", "CCE", ("21 U.S.C. 848",), ("a", "b")),
        Count("2", "Cocaine importation conspiracy", ("21 U.S.C. 963",), ("a", "b")),
        Count("3", "Marijuana distribution", ("21 U.S.C. 841",), ("b",)),
    ],
    ("a", "b"),
)
S1 = _v(
    "S-1",
    "superseding",
    "2014-09",
    [
        Count("1", "CCE", ("21 U.S.C. 848",), ("a",)),
        Count("2", "Cocaine importation conspiracy", ("21 U.S.C. 963", "21 U.S.C. 960"), ("a",)),
        Count("3", "Money laundering conspiracy", ("18 U.S.C. 1956(h)",), ("a",), derived_from=()),
    ],
    ("a",),
)
TRIAL = _v(
    "As tried",
    "trial",
    "2019-02",
    [
        Count("1", "CCE", ("21 U.S.C. 848",), ("a",)),
        Count(
            "2", "Money laundering conspiracy", ("18 U.S.C. 1956(h)",), ("a",), derived_from=("3",)
        ),
    ],
    ("a",),
)


def test_superseding_keeps_history() -> None:
    case = CriminalCase("c1", EDNY, "09-cr-466", (ORIGINAL,))
    later = case.supersede(S1).supersede(TRIAL)
    assert case.versions == (ORIGINAL,)  # the old value is untouched
    assert later.versions == (ORIGINAL, S1, TRIAL)
    assert later.original is ORIGINAL and later.current is TRIAL
    assert later.defendants == ("a", "b")
    with pytest.raises(Conflict, match="already has a version 'S-1'"):
        later.supersede(S1)
    with pytest.raises(InvalidData, match="before the current version"):
        case.supersede(_v("S-0", "superseding", "2008", [], ("a",)))


def test_diff_reports_what_changed() -> None:
    d = diff_versions(ORIGINAL, S1)
    assert d.removed_defendants == ("b",) and d.added_defendants == ()
    assert d.added_counts == ("3",)  # derived_from=() marks a new count under an old number
    assert d.dropped_counts == ("3",)
    assert {(c.old, c.new, c.fields) for c in d.changed_counts} == {
        ("1", "1", ("defendants",)),
        ("2", "2", ("statutes", "defendants")),
    }
    assert d.mapping == {"1": ("1",), "2": ("2",), "3": ()}
    assert not d.unchanged and diff_versions(ORIGINAL, ORIGINAL).unchanged


def test_renumbering_and_lineage_from_original_to_trial() -> None:
    case = CriminalCase("c1", EDNY, "09-cr-466", (ORIGINAL, S1, TRIAL))
    d = diff_versions(S1, TRIAL)
    assert d.mapping == {"1": ("1",), "2": (), "3": ("2",)}
    assert [(c.old, c.new, c.fields) for c in d.changed_counts] == [("3", "2", ("number",))]
    assert count_lineage(case) == {"1": ("1",), "2": (), "3": ()}
    assert count_lineage(case, start="S-1") == {"1": ("1",), "2": (), "3": ("2",)}
    assert len(case.diffs()) == 2


def test_partly_listed_versions_do_not_invent_additions_or_drops() -> None:
    partial = IndictmentVersion(
        "S-4",
        "superseding",
        "2016",
        (Count("1", "CCE"), Count("15", "substantive")),
        ("a",),
        count_total=17,
    )
    tried = _v(
        "Trial",
        "trial",
        "2019",
        [Count("1", "CCE", derived_from=("1",)), Count("2", "Conspiracy")],
        ("a",),
    )
    d = diff_versions(partial, tried)
    assert d.unknown_origin == ("2",) and d.added_counts == ()
    assert d.dropped_counts == ("15",)
    back = diff_versions(tried, partial)
    assert back.not_listed == ("2",) and back.dropped_counts == ()


def test_case_validation() -> None:
    with pytest.raises(InvalidData, match="count numbers repeat"):
        CriminalCase(
            "c", EDNY, "1", (_v("I", "original", "2001", [Count("1", "x"), Count("1", "y")], ()),)
        )
    with pytest.raises(InvalidData, match="needs at least one version"):
        CriminalCase("c", EDNY, "1", ())
    with pytest.raises(InvalidData, match="count_total 1 is less than"):
        CriminalCase(
            "c",
            EDNY,
            "1",
            (
                IndictmentVersion(
                    "I", "original", None, (Count("1", "x"), Count("2", "y")), count_total=1
                ),
            ),
        )
