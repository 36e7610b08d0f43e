"""Parsing the forms agencies use for one person's name."""

import pytest

from vinculo.names import parse_person_name


@pytest.mark.parametrize(
    ("text", "given", "paternal", "maternal"),
    [
        ("GUZMAN LOERA, Joaquin Archivaldo", ("joaquin", "archivaldo"), "guzman", "loera"),
        ("Joaquín Archivaldo Guzmán Loera", ("joaquin", "archivaldo"), "guzman", "loera"),
        ("Joaquin Guzman-Loera", ("joaquin",), "guzman", "loera"),
        ("Joaquin GUZMAN LOERA", ("joaquin",), "guzman", "loera"),
        ("Joaquin Guzman Loera", ("joaquin",), "guzman", "loera"),
        ("Jesus Alfredo Guzman", ("jesus", "alfredo"), "guzman", None),
        ("María de Jesús López García", ("maria", "de jesus"), "lopez", "garcia"),
        ("Lic. Juan de la Cruz Pérez", ("juan",), "de la cruz", "perez"),
        ("ZAMBADA GARCIA, Ismael", ("ismael",), "zambada", "garcia"),
        ("John Michael Smith", ("john", "michael"), "smith", None),
    ],
)
def test_forms(text: str, given: tuple[str, ...], paternal: str, maternal: str | None) -> None:
    name = parse_person_name(text)
    assert name.given == given
    assert name.paternal == paternal
    assert name.maternal == maternal


def test_us_form_files_maternal_surname_last() -> None:
    name = parse_person_name("LOERA, Joaquin G.")
    assert name.given == ("joaquin",)
    assert name.paternal is None
    assert name.maternal == "loera"
    assert name.initials == ("g",)


def test_nickname_inside_name() -> None:
    name = parse_person_name("Joaquin 'El Chapo' Guzman")
    assert name.nicknames == ("chapo",)
    assert name.given == ("joaquin",)
    assert name.paternal == "guzman"


def test_nickname_alone_and_alias_marker() -> None:
    assert parse_person_name("El Chapo").nicknames == ("chapo",)
    assert parse_person_name("El Chapo").form == "nickname"
    mayo = parse_person_name("Ismael Zambada Garcia alias El Mayo")
    assert mayo.nicknames == ("mayo",)
    assert mayo.maternal == "garcia"


def test_suffixes_are_not_surnames() -> None:
    assert parse_person_name("John Michael Smith Jr.").suffix == "jr"
    segundo = parse_person_name("ANGULO OROBIO (SEGUNDO), Jose Francisco")
    assert segundo.suffix == "segundo"
    assert segundo.surnames == ("angulo", "orobio")


def test_initials_and_connectors() -> None:
    name = parse_person_name("J.L. Ortega y Gasset")
    assert name.initials == ("j", "l")
    assert name.surnames == ("ortega", "gasset")


def test_display_and_empty() -> None:
    assert parse_person_name("GUZMAN LOERA, Joaquin").display() == "Joaquin Guzman Loera"
    assert parse_person_name("  ").form == "empty"
