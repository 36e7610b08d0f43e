from pathlib import Path

from tests.factories import make_agency
from vinculo.access.principal import Principal
from vinculo.ingest.base import ImportOptions
from vinculo.ingest.importer import run_import
from vinculo.ingest.ofac import parse_date, parse_remarks
from vinculo.model.marking import Marking
from vinculo.services.demo import OFAC_EXTRACT
from vinculo.store import Store, reader

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac"


def _import(store: Store, folder: Path, programs: tuple[str, ...] = ()) -> object:
    make_agency(store, "OFAC", "US")
    opts = ImportOptions(
        format="ofac",
        agency="OFAC",
        dataset="ofac_sdn",
        marking=Marking.parse("CLEAR"),
        programs=programs,
    )
    return run_import(store, "system", folder, opts)


def test_ofac_extract_yields_every_narcotics_individual_with_aliases(store: Store) -> None:
    first = _import(store, OFAC_EXTRACT)
    system = Principal.system()
    chapo = reader.get_entity(store, system, "ofac-6861")
    assert chapo.schema == "Person"
    assert chapo.get("birthDate") == ["1954-12-25"]
    assert "GUZMAN, Chapo" in chapo.get("alias")
    assert len(chapo.get("alias")) == 18
    people = [e for e in reader.iter_entities(store, system, schemata=["Person"])]
    source_rows = [
        line
        for line in (OFAC_EXTRACT / "sdn.csv").read_bytes().decode("latin-1").splitlines()
        if '"individual"' in line
    ]
    assert len(people) == len(source_rows) > 1000
    with_dob = [p for p in people if p.get("birthDate")]
    assert len(with_dob) > 0.9 * len(people)
    second = _import(store, OFAC_EXTRACT)
    assert second.added == 0 and first.added > 40000  # type: ignore[attr-defined]


def test_whole_list_with_programs_filter(sqlite_store: Store) -> None:
    summary = _import(sqlite_store, SHARED, programs=("SDNTK",))
    assert summary.skipped > 5000  # type: ignore[attr-defined]
    people = list(reader.iter_entities(sqlite_store, Principal.system(), schemata=["Person"]))
    assert any(p.id == "ofac-6861" for p in people)


def test_remarks_parsing() -> None:
    props = parse_remarks(
        "DOB 31 Jul 1964; alt. DOB 1965; POB Guadalajara, Jalisco, Mexico; nationality Mexico; "
        "Gender Male; C.U.R.P. AICJ640731HJCMNS09 (Mexico); Passport 0123 (Mexico); "
        "a.k.a. 'EL CHAPO'; Linked To: SOMETHING S.A."
    )
    assert props["birthDate"] == ["1964-07-31", "1965"]
    assert props["weakAlias"] == ["EL CHAPO"]
    assert props["idNumber"] == ["AICJ640731HJCMNS09"]
    assert props["passportNumber"] == ["0123"]
    assert props["gender"] == ["male"]
    assert parse_date("Dec 1954") == "1954-12"
    assert parse_date("circa 1960") == "1960"
    assert parse_date("nonsense") is None
