"""The curated lists: hypocorisms, translations, nicknames, legal forms."""

import pytest

from vinculo.names import fold, get_lexicon, parse_org_name


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("chuy", "jesus"),
        ("pepe", "jose"),
        ("paco", "francisco"),
        ("pancho", "francisco"),
        ("nacho", "ignacio"),
        ("lupe", "guadalupe"),
        ("memo", "guillermo"),
        ("beto", "alberto"),
        ("beto", "roberto"),
        ("beto", "humberto"),
        ("tono", "antonio"),
        ("lalo", "eduardo"),
        ("chema", "jose maria"),
        ("john", "juan"),
    ],
)
def test_hypocorisms(short: str, full: str) -> None:
    assert full in get_lexicon().given_canonicals(short)


def test_beto_is_not_jose() -> None:
    assert "jose" not in get_lexicon().given_canonicals("beto")


def test_nickname_translations() -> None:
    groups = get_lexicon().nickname_groups
    assert groups["chapo"] == groups["shorty"]
    assert groups["guero"] == groups["blondie"]
    assert groups["flaco"] == groups["skinny"]
    assert groups["chapo"] != groups["guero"]


def test_fold() -> None:
    assert fold("Núñez-Güemes, José Ma.") == "nunez guemes jose ma"


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        (
            "Servicios Logísticos del Norte, S.A. de C.V.",
            "servicios logisticos del norte",
            "sa de cv",
        ),
        ("GRUPO FASA S. DE R.L. DE C.V.", "grupo fasa", "s de rl de cv"),
        ("Grupo Fasa, S. de R.L.", "grupo fasa", "s de rl"),
        ("Acme Holdings LLC", "acme holdings", "llc"),
        ("ACME, Inc.", "acme", "inc"),
        ("Banco Nacional de Cuba", "banco nacional de cuba", None),
    ],
)
def test_legal_forms(text: str, name: str, form: str | None) -> None:
    org = parse_org_name(text)
    assert (org.name, org.legal_form) == (name, form)
