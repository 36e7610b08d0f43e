"""Identifier normalization: equal values meet, invalid values (bad check digits) never do."""

from __future__ import annotations

import pytest

from vinculo.deconflict.identifiers import (
    IdKind,
    clabe_check_digit,
    identifier_key,
    normalize_identifier,
    vin_check_digit,
)
from vinculo.exc import InvalidData


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("+52 667 123 4567", None),
        ("(667) 123-4567", "mx"),
        ("+52 1 667 123 4567", None),  # pre-2019 mobile prefix
        ("667.123.4567", "MX"),
    ],
)
def test_phone_spellings_share_one_key(value: str, country: str | None) -> None:
    assert identifier_key(IdKind.PHONE, value, country=country) == "phone:+526671234567"


def test_us_phone_needs_its_country() -> None:
    assert identifier_key("phone", "(915) 555-0143", country="us") == "phone:+19155550143"
    assert identifier_key("phone", "+1 915 555 0143") == "phone:+19155550143"


def test_vin_check_digit_binds_for_north_american_vins() -> None:
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert normalize_identifier("vin", "1m8gdm9a-xkp042788") == "1M8GDM9AXKP042788"
    assert normalize_identifier("vin", "1M8GDM9A1KP042788") is None  # wrong check digit
    assert normalize_identifier("vin", "1M8GDM9AXKP04278") is None  # 16 characters


def test_clabe_check_digit() -> None:
    assert clabe_check_digit("00201007777777777") == "1"
    assert normalize_identifier("clabe", "002 010 07777777777 1") == "002010077777777771"
    assert normalize_identifier("clabe", "002010077777777772") is None


def test_iban_and_us_account_with_aba_checksum() -> None:
    assert normalize_identifier("iban", "de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert normalize_identifier("iban", "DE89 3704 0044 0532 0130 01") is None
    key = identifier_key("usacct", "000123456789", routing="011000015")
    assert key == "usacct:011000015:123456789"
    assert identifier_key("usacct", "123456789", routing="011000016") is None


def test_mexican_documents_through_the_names_package() -> None:
    assert normalize_identifier("curp", "gulj570404hslzrq05") == "GULJ570404HSLZRQ05"
    assert normalize_identifier("curp", "GULJ570404HSLZRQ06") is None
    assert normalize_identifier("rfc", "GULJ-570404-AB5") == "GULJ570404AB5"
    assert identifier_key("passport", "g1234 5678", country="mx") == "passport:MX:G12345678"


def test_plate_is_scoped_by_issuer() -> None:
    sinaloa = identifier_key("plate", "vkt-123-a", country="mx", state="SL")
    sonora = identifier_key("plate", "VKT123A", country="mx", state="SR")
    assert sinaloa == "plate:MX-SL:VKT123A"
    assert sinaloa != sonora


def test_ip_email_imei() -> None:
    assert normalize_identifier("ip", "::ffff:192.0.2.7") == "192.0.2.7"
    assert normalize_identifier("ip", "2001:DB8::0001") == "2001:db8::1"
    assert normalize_identifier("ip", "300.1.1.1") is None
    assert normalize_identifier("email", "MailTo:Chapo@Example.COM") == "chapo@example.com"
    assert normalize_identifier("email", "not-an-email") is None
    assert normalize_identifier("imei", "35-209900-176148-1") == "35209900176148"


def test_unknown_kind_is_invalid_data() -> None:
    with pytest.raises(InvalidData):
        normalize_identifier("shoe_size", "42")
