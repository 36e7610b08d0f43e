"""CURP, RFC, passports, phones and plates in canonical form."""

from datetime import date

from vinculo.names import (
    curp_name_letters,
    decode_curp,
    identifier_key,
    normalize_passport,
    normalize_phone,
    normalize_plate,
    validate_curp,
    validate_rfc,
)
from vinculo.names.identifiers import curp_check_digit, rfc_check_digit


def test_curp_decoding() -> None:
    info = decode_curp("HEGG560427MVZRRL04")  # RENAPO's published example
    assert info is not None
    assert info.birth_date == date(1956, 4, 27)
    assert info.sex == "M"
    assert info.state == "VZ"
    assert info.name_letters == curp_name_letters("Hernández", "García", ["Gloria"])


def test_curp_check_digit_and_century() -> None:
    assert curp_check_digit("HEGG560427MVZRRL0") == "4"
    assert not validate_curp("HEGG560427MVZRRL05")  # wrong check digit
    assert not validate_curp("HEGG561327MVZRRL04")  # month 13
    assert not validate_curp("HEGG560427MQQRRL04")  # no such state
    assert validate_curp("hegg-560427-mvzrrl04")  # clerks' separators and case


def test_curp_name_letters_skip_jose_maria() -> None:
    assert curp_name_letters("Guzmán", "Loera", ["José", "Luis"]) == "GULL"
    assert curp_name_letters("de la Cruz", None, ["María"]) == "CUXM"


def test_rfc() -> None:
    assert rfc_check_digit("GODE561231GR") == "8"  # SAT's published example
    assert validate_rfc("GODE-561231-GR8")
    assert not validate_rfc("GODE561231GR9")
    assert not validate_rfc("GODE563231GR8")


def test_identifier_key_classifies() -> None:
    assert identifier_key("HEGG560427MVZRRL04").kind == "curp"
    assert identifier_key("GODE561231GR8").kind == "rfc"
    assert identifier_key("G 1234 5678", "passport").value == "G12345678"


def test_passport_forms() -> None:
    assert normalize_passport("G12345678", "MX") is not None
    assert normalize_passport("12", "MX") is None
    us = normalize_passport("A1234567-8", "US")
    assert us is not None and us.value == "A12345678"


def test_phones_to_e164() -> None:
    mx = normalize_phone("667 123 4567")
    assert mx is not None and mx.value == "+526671234567"
    us = normalize_phone("(915) 532-1234", "US")
    assert us is not None and us.value == "+19155321234" and us.country == "US"
    assert normalize_phone("12") is None


def test_plates_are_scoped_by_state() -> None:
    sinaloa = normalize_plate("VKT-123-A", "MX", "SL")
    sonora = normalize_plate("vkt 123 a", "MX", "SR")
    assert sinaloa is not None and sonora is not None
    assert sinaloa.value == "MX-SL:VKT123A"
    assert sinaloa.key != sonora.key
    assert normalize_plate("??", "MX") is None
