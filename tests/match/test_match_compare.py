"""compare(): each variant family scores high, the hard negatives low, with reasons."""

from typing import Any

import pytest

from vinculo.match import compare
from vinculo.names.identifiers import curp_check_digit


def person(name: str, birth: str | None = None, **props: Any) -> dict[str, Any]:
    properties: dict[str, list[str]] = {"name": [name]}
    if birth:
        properties["birthDate"] = [birth]
    for key, value in props.items():
        properties[key] = value if isinstance(value, list) else [value]
    return {"id": f"p-{name}", "schema": "Person", "properties": properties}


CHAPO = person("GUZMAN LOERA, Joaquin", "1954-12-25", weakAlias="EL CHAPO")
ALFREDO = person("GUZMAN SALAZAR, Jesus Alfredo", "1986-04-17")
IVAN = person("GUZMAN SALAZAR, Ivan Archivaldo", "1983-08-15")


@pytest.mark.parametrize(
    "alias",
    [
        # OFAC's own record of misspellings of ent_num 6861 (alt.csv)
        "GUZMAN LOESA, Joaquin",
        "GUMAN LOERAL, Joaquin",
        "GUZMAN LOEIA, Joaguin",
        "GUZMAN LOREA, Chapo",
        "GUZMAN, Joaquin Chapo",
    ],
)
def test_ofac_misspellings_of_guzman_loera(alias: str) -> None:
    assert compare(CHAPO, person(alias)).score > 0.8


@pytest.mark.parametrize(
    "written",
    [
        "Joaquín Guzmán Loera",  # accents, natural order
        "Joaquin Guzman",  # dropped maternal surname
        "Joaquin Guzman-Loera",  # hyphen
        "LOERA, Joaquin G.",  # U.S. form, maternal surname last
        "Joaquin GUZMAN LOERA",  # capitals mark surnames
        "Joaquin 'El Chapo' Guzman",  # nickname inside
        "Joaquin Gusman Loera",  # s/z
        "Joaquin Guzmna Loera",  # typo (transposition)
    ],
)
def test_clerk_variants(written: str) -> None:
    assert compare(CHAPO, person(written)).score > 0.8


def test_nickname_and_its_translation() -> None:
    # a nickname alone is real but weak evidence: many men are "El Chapo"
    assert compare(CHAPO, person("El Chapo")).score > 0.5
    assert compare(CHAPO, person("Shorty")).score > 0.5
    assert compare(CHAPO, person("El Guero")).score < 0.2


@pytest.mark.parametrize(
    ("short", "listed"),
    [
        ("Pepe Hernandez", "HERNANDEZ RUIZ, Jose"),
        ("Paco Lopez", "LOPEZ DIAZ, Francisco"),
        ("Pancho Lopez", "LOPEZ DIAZ, Francisco"),
        ("Nacho Coronel", "CORONEL VILLARREAL, Ignacio"),
        ("Lupe Ramirez", "RAMIREZ SOTO, Guadalupe"),
        ("Memo Vasquez", "VAZQUEZ LEON, Guillermo"),
        ("Beto Beltran", "BELTRAN LEYVA, Alberto"),
        ("Toño Quintero", "QUINTERO PAYAN, Antonio"),
        ("Lalo Arellano", "ARELLANO FELIX, Eduardo"),
        ("Chema Ortiz", "ORTIZ RUIZ, Jose Maria"),
        ("John Smith", "SMITH, Juan"),
        ("Mayo Zambada", "ZAMBADA GARCIA, Ismael"),
    ],
)
def test_hypocorisms_and_translations(short: str, listed: str) -> None:
    assert compare(person(short), person(listed)).score > 0.5


def test_chuy_is_jesus_alfredo_not_ivan() -> None:
    chuy = person("Chuy Guzman")
    assert compare(ALFREDO, chuy).score > 0.7
    assert compare(IVAN, chuy).score < 0.2


def test_siblings_sharing_both_surnames() -> None:
    assert compare(ALFREDO, IVAN).score < 0.05
    # even without birth dates, different given names keep them apart
    assert (
        compare(
            person("Jesus Alfredo Guzman Salazar"), person("Ivan Archivaldo Guzman Salazar")
        ).score
        < 0.2
    )


def test_father_and_son_same_name() -> None:
    father = person("ZAMBADA GARCIA, Ismael", "1948-01-01")
    son = person("Ismael Zambada Garcia", "1975-03-02")
    assert compare(father, son).score < 0.2
    assert compare(father, person("Ismael Zambada Garcia", "1948-01-01")).score > 0.95


def test_partial_birth_date_is_weaker_than_full() -> None:
    full = compare(CHAPO, person("Joaquin Guzman", "1954-12-25")).score
    year = compare(CHAPO, person("Joaquin Guzman", "1954")).score
    none = compare(CHAPO, person("Joaquin Guzman")).score
    assert full > year > none


def test_identifiers_decide() -> None:
    curp = "HEGG560427MVZRRL04"
    a = person("Gloria Hernandez", idNumber=curp)
    same = compare(a, person("HERNANDEZ GARCIA, Gloria", idNumber=curp.lower()))
    other_curp = "HEGG610427MVZRRL0" + curp_check_digit("HEGG610427MVZRRL0")
    other = compare(a, person("HERNANDEZ GARCIA, Gloria", idNumber=other_curp))
    assert same.score > other.score
    assert any(c.feature == "id_match" for c in same.features)
    # the CURP encodes a birth date: 1956 vs 1961 is a conflict
    assert any(c.feature == "dob_conflict" for c in other.features)


def test_person_is_never_a_company() -> None:
    company = {"id": "c", "schema": "Company", "properties": {"name": ["Joaquin Guzman Loera"]}}
    result = compare(CHAPO, company)
    assert result.score == 0.0
    assert result.notes


def test_organizations_and_legal_forms() -> None:
    def org(name: str) -> dict[str, Any]:
        return {"id": name, "schema": "Company", "properties": {"name": [name]}}

    a = org("Servicios Logísticos del Norte, S.A. de C.V.")
    assert compare(a, org("SERVICIOS LOGISTICOS DEL NORTE SA DE CV")).score > 0.9
    assert compare(a, org("Transportes del Pacifico SA de CV")).score < 0.2


def test_explanation_is_readable() -> None:
    result = compare(ALFREDO, person("Chuy Guzman"))
    explanation = result.explanation
    assert "given: jesus ~ chuy (hypocorism)" in explanation["parts"]
    fired = {f["feature"]: f for f in explanation["features"]}
    assert fired["given_first"]["weight"] >= 0
    assert all(
        set(f) == {"feature", "value", "weight", "contribution", "text"} for f in fired.values()
    )
    assert result.to_dict()["score"] == round(result.score, 4)


def test_cache_is_by_content_not_id() -> None:
    a = person("GUZMAN LOERA, Joaquin")
    b1 = {"id": "same", "schema": "Person", "properties": {"name": ["Joaquin Guzman"]}}
    b2 = {"id": "same", "schema": "Person", "properties": {"name": ["Maria Lopez"]}}
    assert compare(a, b1).score > 0.8
    assert compare(a, b2).score < 0.1
