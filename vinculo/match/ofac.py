"""Reading the OFAC SDN legacy CSV into FtM entity dicts, for evaluation and training.

The matcher is trained and benchmarked on real listed people (see
``shared/data/ofac/STATS.md``); the remarks column carries their birth dates,
nationalities, identifiers (CURP, RFC, passports) and weak nicknames. This is
not the production importer (that lives in ``vinculo.ingest``): it keeps only
what the matcher reads.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney.types import registry

__all__ = ["NARCOTICS_PROGRAMS", "SdnEntry", "read_sdn"]

NARCOTICS_PROGRAMS = frozenset({"SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059"})
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    )
}
_DOB = re.compile(r"^(?:alt\. )?DOB (?:circa )?(?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})")
_ID = re.compile(
    r"^(?:alt\. )?(Passport|C\.U\.R\.P\.|R\.F\.C\.|Cedula No\.|National ID No\.|"
    r"Identification Number|NIT #|Matricula Mercantil No|SSN)\s*#?\s*([A-Za-z0-9\-/]+)"
)
_NICK = re.compile(r"a\.k\.a\. '([^']+)'")
_COUNTRY = re.compile(r"^(?:alt\. )?(?:nationality|citizen) ([A-Za-z ]+?)\.?$")
_GENDER = re.compile(r"^Gender (Male|Female)")
_ID_PROP = {
    "Passport": "passportNumber",
    "C.U.R.P.": "idNumber",
    "R.F.C.": "taxNumber",
    "SSN": "socialSecurityNumber",
}


@dataclass
class SdnEntry:
    """One SDN record with its aliases, as an FtM-shaped property dict."""

    ent_num: int
    name: str
    sdn_type: str
    programs: frozenset[str]
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_person(self) -> bool:
        return self.sdn_type == "individual"

    def entity(self, entity_id: str | None = None, aliases: bool = True) -> dict[str, Any]:
        props = {k: list(v) for k, v in self.properties.items()}
        props["name"] = [self.name]
        if aliases and self.aliases:
            props["alias"] = list(self.aliases)
        return {
            "id": entity_id or f"ofac-{self.ent_num}",
            "schema": "Person" if self.is_person else "Organization",
            "properties": props,
        }


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _remarks(remarks: str, props: dict[str, list[str]]) -> None:
    for nick in _NICK.findall(remarks):
        props.setdefault("weakAlias", []).append(nick)
    for segment in (s.strip() for s in remarks.split(";")):
        if m := _DOB.match(segment):
            day, month, year = m.groups()
            value = year
            if month in _MONTHS:
                value += f"-{_MONTHS[month]:02d}"
                if day:
                    value += f"-{int(day):02d}"
            props.setdefault("birthDate", []).append(value)
        elif m := _ID.match(segment):
            prop = _ID_PROP.get(m.group(1), "idNumber")
            props.setdefault(prop, []).append(m.group(2))
        elif m := _COUNTRY.match(segment):
            country = registry.country.clean(m.group(1).strip())
            if country:
                props.setdefault("nationality", []).append(country)
        elif m := _GENDER.match(segment):
            props.setdefault("gender", []).append(m.group(1).lower())


def _rows(path: Path) -> Iterator[list[str]]:
    text = path.read_text("latin-1").replace("\x1a", "")
    yield from csv.reader(text.splitlines())


def read_sdn(folder: Path, programs: frozenset[str] | None = NARCOTICS_PROGRAMS) -> list[SdnEntry]:
    """SDN entries (of the given programs; all if None) with aliases from ``alt.csv``."""
    entries: dict[int, SdnEntry] = {}
    for row in _rows(folder / "sdn.csv"):
        if len(row) < 12 or not row[0].strip().isdigit():
            continue
        entry_programs = frozenset(p.strip() for p in _null(row[3]).strip("[]").split("] ["))
        if programs is not None and not (entry_programs & programs):
            continue
        entry = SdnEntry(int(row[0]), row[1].strip(), _null(row[2]), entry_programs)
        _remarks(_null(row[11]), entry.properties)
        entries[entry.ent_num] = entry
    alt = folder / "alt.csv"
    if alt.exists():
        for row in _rows(alt):
            if len(row) >= 4 and row[0].strip().isdigit() and int(row[0]) in entries:
                entries[int(row[0])].aliases.append(row[3].strip())
    return list(entries.values())
