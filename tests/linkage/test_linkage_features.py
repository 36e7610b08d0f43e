"""vinculo's name knowledge as columns."""

from __future__ import annotations

from vinculo.linkage import entity_features, inline_addresses


def features(**props: list[str]) -> dict[str, object]:
    return entity_features({"id": "x", "schema": "Person", "properties": props}, "test")


def test_name_forms_meet() -> None:
    a = features(name=["LUNA GASTELUM, Mario"])
    b = features(name=["Mario Luna Gastélum"])
    assert a["full_name"] == b["full_name"] == "gastelum luna mario"
    assert (a["given"], a["surname"], a["surname2"]) == ("mario", "luna", "gastelum")
    assert a["surname"] == b["surname"] and a["surname2"] == b["surname2"]


def test_hypocorisms_share_a_given_form() -> None:
    pepe = features(firstName=["Pepe"], lastName=["Guzmán"])
    jose = features(name=["José Guzmán"])
    assert set(pepe["given_syms"]) & set(jose["given_syms"])  # type: ignore[arg-type]


def test_nicknames_across_languages() -> None:
    es = features(name=["X"], alias=["EL CHAPO"])
    en = features(name=["X"], alias=["Shorty"])
    assert es["nicknames"] == en["nicknames"]


def test_curp_and_rfc_share_a_stem() -> None:
    curp = features(name=["A"], idNumber=["OOSA771012HJCCNL64"])
    rfc = features(name=["A"], taxNumber=["OOSA771012M21"])
    assert set(curp["ids"]) & set(rfc["ids"]) == {"stem:OOSA771012"}  # type: ignore[arg-type]


def test_missing_is_null_and_phones_are_e164() -> None:
    row = features(name=["Ana Ruiz"], phone=["(667) 123 4567"], nationality=["mx"])
    assert row["birth_date"] is None and row["ids"] is None
    assert row["phones"] == ["+526671234567"]


def test_addresses_travel_with_the_person() -> None:
    person = {"id": "p", "schema": "Person", "properties": {"addressEntity": ["ad"]}}
    address = {"id": "ad", "schema": "Address", "properties": {"full": ["Calle 5, 80000 Culiacán"]}}
    inline_addresses([person, address])
    row = entity_features(person, "t")
    assert row["postcode"] == "80000" and row["address"] == "calle 5 80000 culiacan"
