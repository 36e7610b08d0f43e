"""Name layouts, typos and date mix-ups of `vinculo.demo.noise`."""

from __future__ import annotations

from collections import Counter
from datetime import date
from random import Random

from rapidfuzz.distance import Levenshtein

from vinculo.demo import noise
from vinculo.demo.agencies import AGENCY_BY_CODE
from vinculo.demo.names import Nickname
from vinculo.demo.people import make_person
from vinculo.demo.places import MX_CITIES


def _boss() -> object:
    person = make_person(7, 1, 0, "plaza_boss", MX_CITIES[0])
    person.given = ("Joaquín", "Archivaldo")
    person.paternal, person.maternal = "Guzmán", "Loera"
    person.nickname = Nickname("El Chapo", "Shorty")
    return person


def test_us_layouts_strip_accents_and_move_surnames() -> None:
    person = _boss()
    dea = AGENCY_BY_CODE["DEA"]
    rng = Random(1)
    names = Counter(noise.render_name(rng, dea, person)["name"][0] for _ in range(400))  # type: ignore[arg-type]
    assert "GUZMAN LOERA, Joaquin Archivaldo" in names
    assert "Joaquin Archivaldo Guzman" in names  # maternal surname dropped
    assert any(n.endswith("Loera") and "Guzman" in n for n in names)  # maternal as last
    assert sum(c for n, c in names.items() if "á" in n or "í" in n) < 60  # mostly no accents


def test_mexican_registry_layout() -> None:
    person = _boss()
    uif = AGENCY_BY_CODE["UIF"]
    rng = Random(2)
    layouts = [noise.render_name(rng, uif, person) for _ in range(200)]  # type: ignore[arg-type]
    full = [p for p in layouts if p["name"][0].startswith("GUZM")]
    assert full and all(p["lastName"][0].startswith("GUZM") for p in full)


def test_nicknames_translated_only_by_us_agencies() -> None:
    person = _boss()
    us = Counter(
        a
        for _ in range(300)
        for a in noise.render_aliases(Random(_), AGENCY_BY_CODE["FBI"], person)
    )  # type: ignore[arg-type]
    mx = Counter(
        a
        for _ in range(300)
        for a in noise.render_aliases(Random(_), AGENCY_BY_CODE["CNI"], person)
    )  # type: ignore[arg-type]
    assert us["Shorty"] > 50 and "Shorty" not in mx
    assert {"El Chapo", "Chapo"} & set(mx)


def test_typos_are_small_and_varied() -> None:
    rng = Random(3)
    out = {noise.typo(rng, "Hernández") for _ in range(300)}
    assert len(out) > 10
    assert all(Levenshtein.distance(v, "Hernández") <= 2 for v in out)
    assert noise.typo(rng, "Paz") == "Paz"  # too short to garble


def test_birth_dates_as_held() -> None:
    cni = AGENCY_BY_CODE["CNI"]  # year only a third of the time, conflicting dates often
    rng = Random(4)
    born = date(1970, 3, 9)
    values = Counter(tuple(noise.render_birth(rng, cni, born)) for _ in range(1000))
    assert 200 < values[("1970",)] < 400
    assert values[("1970-03-09",)] > 400
    conflicting = [v for v in values if len(v) == 2 or (len(v[0]) == 10 and v[0][:4] != "1970")]
    assert conflicting
    fbi = AGENCY_BY_CODE["FBI"]
    swapped = [noise.render_birth(rng, fbi, born) for _ in range(1000)].count(["1970-09-03"])
    assert swapped > 10  # month and day mixed up


def test_numbers_and_plates() -> None:
    rng = Random(5)
    phones = {noise.mangle_number(rng, "+526671234567", 0.5) for _ in range(200)}
    assert "+526671234567" in phones and len(phones) > 5
    assert all(len(p) == 13 for p in phones)
    plates = {noise.plate_variant(rng, "VLP-123-A") for _ in range(200)}
    assert {"VLP-123-A", "VLP123A"} <= plates
    assert noise.strip_accents("Güero Ñoño") == "Guero Nono"
