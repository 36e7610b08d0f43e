"""Targets from FtM entities: every kind yields its normalized keys."""

from __future__ import annotations

import pytest

from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.model import TargetKind
from vinculo.exc import InvalidData


def test_person_with_documents_and_contacts() -> None:
    spec = target_from_entity({
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["GUZMAN LOERA, Joaquin"],
            "alias": ["El Chapo"],
            "birthDate": ["1957-04-04"],
            "nationality": ["mx"],
            "idNumber": ["GULJ570404HSLZRQ05", "GULJ570404AB5"],
            "passportNumber": ["G12345678"],
            "phone": ["667 123 4567"],
            "email": ["chapo@example.com"],
        },
    })  # fmt: skip
    assert spec.kind is TargetKind.PERSON
    assert set(spec.keys) == {
        "curp:GULJ570404HSLZRQ05",
        "rfc:GULJ570404AB5",
        "passport:MX:G12345678",
        "phone:+526671234567",
        "email:chapo@example.com",
    }
    assert spec.person is not None and spec.person.birth_dates == ("1957-04-04",)


def test_vehicle_plate_and_vin() -> None:
    spec = target_from_entity({
        "id": "v1",
        "schema": "Vehicle",
        "properties": {
            "registrationNumber": ["VKT-123-A"],
            "country": ["mx"],
            "registrationState": ["SL"],
            "vinCode": ["1M8GDM9AXKP042788"],
        },
    })  # fmt: skip
    assert set(spec.keys) == {"plate:MX-SL:VKT123A", "vin:1M8GDM9AXKP042788"}


def test_bank_accounts_address_and_coordinates() -> None:
    clabe = target_from_entity(
        {
            "id": "b1",
            "schema": "BankAccount",
            "properties": {"accountNumber": ["002010077777777771"]},
        }
    )
    assert clabe.keys == ("clabe:002010077777777771",)
    us = target_from_entity({
        "id": "b2", "schema": "BankAccount",
        "properties": {"accountNumber": ["123456789"], "routingNumber": ["011000015"]},
    })  # fmt: skip
    assert us.keys == ("usacct:011000015:123456789",)
    addr = target_from_entity({
        "id": "a1", "schema": "Address",
        "properties": {"full": ["Calle 5 de Mayo 123, Culiacán"], "latitude": ["24.8"],
                       "longitude": ["-107.39"]},
    })  # fmt: skip
    assert addr.point == (24.8, -107.39)
    assert any(k.startswith("pt:") for k in addr.keys)


def test_ip_and_email_accounts() -> None:
    spec = target_from_entity(
        {"id": "u1", "schema": "UserAccount", "properties": {"ipAddress": ["192.0.2.7"]}}
    )
    assert (spec.kind, spec.keys) == (TargetKind.IP, ("ip:192.0.2.7",))


@pytest.mark.parametrize(
    ("entity", "field"),
    [
        ({"id": "x", "schema": "Phone", "properties": {"colour": ["red"]}}, "colour"),
        ({"id": "x", "schema": "Payment", "properties": {}}, "schema"),
        ({"schema": "Phone", "properties": {"number": ["+526671234567"]}}, "id"),
    ],
)
def test_bad_input_names_the_field(entity: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidData) as info:
        target_from_entity(entity)
    assert info.value.errors[0].field == field


def test_nothing_valid_to_match_on() -> None:
    with pytest.raises(InvalidData):
        target_from_entity({"id": "x", "schema": "Phone", "properties": {"number": ["12"]}})
