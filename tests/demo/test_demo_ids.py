"""CURP, RFC, CLABE and ABA numbers built by `vinculo.demo.ids`."""

from __future__ import annotations

from datetime import date
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.mx import curp, rfc

from vinculo.demo import ids, names


def test_curp_follows_renapo_rules() -> None:
    rng = Random(1)
    code = ids.curp(
        "Guzmán", "Loera", ("Joaquín", "Archivaldo"), date(1957, 4, 4), "male", "SL", rng
    )
    assert code[:16] == "GULJ570404HSLZRQ"
    assert curp.validate(code) == code
    # "José" and "María" are skipped in compound given names; particles are dropped.
    code = ids.curp(
        "de la Cruz", "Núñez", ("María", "Guadalupe"), date(2001, 12, 9), "female", "JC", rng
    )
    assert code.startswith("CUNG011209MJC")
    assert code[16].isalpha()  # born in 2000 or later: the differentiator is a letter
    curp.validate(code)


def test_inconvenient_words_are_masked() -> None:
    assert ids.name_key("Peña", "Nieto", ("Enrique",)) == "PXNE"  # not PENE
    assert ids.name_key("Muñoz", "", ("Luis",)) == "MUXL"


def test_rfc_has_a_valid_check_digit() -> None:
    code = ids.rfc_person("Guzmán", "Loera", ("Joaquín", "Archivaldo"), date(1957, 4, 4))
    assert code.startswith("GULJ570404") and len(code) == 13
    assert rfc.validate(code, validate_check_digits=True) == code
    company = ids.rfc_company("Transportes Frontera Norte, S.A. de C.V.", date(2012, 5, 1))
    assert company.startswith("TFN120501")
    assert rfc.validate(company, validate_check_digits=True) == company


def test_clabe_and_aba_check_digits() -> None:
    rng = Random(3)
    for _ in range(50):
        clabe = ids.clabe(rng, "012")
        weights = (3, 7, 1) * 6
        assert sum(int(d) * w % 10 for d, w in zip(clabe, weights, strict=True)) % 10 == 0
        aba = ids.aba_routing(rng)
        assert sum(int(d) * w for d, w in zip(aba, weights, strict=False)) % 10 == 0
    # The example CLABE of Banxico's documentation checks out with our rule.
    assert ids.clabe_check("03218000011835971") == "9"


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    born=st.dates(date(1940, 1, 1), date(2009, 12, 31)),
    gender=st.sampled_from(["male", "female"]),
)
def test_any_generated_person_has_valid_codes(seed: int, born: date, gender: str) -> None:
    rng = Random(seed)
    given_names = names.pick_mexican_given(rng, gender)
    paternal, maternal = names.pick_surname(rng), names.pick_surname(rng)
    code = ids.curp(paternal, maternal, given_names, born, gender, "SR", rng)
    curp.validate(code)
    rfc.validate(ids.rfc_person(paternal, maternal, given_names, born), validate_check_digits=True)


@pytest.mark.parametrize("make", [ids.mx_passport, ids.us_passport, ids.ein])
def test_other_numbers_have_their_shape(make: object) -> None:
    rng = Random(5)
    values = {make(rng) for _ in range(100)}  # type: ignore[operator]
    assert len(values) == 100
