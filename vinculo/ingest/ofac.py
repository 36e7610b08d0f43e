"""The US Treasury OFAC SDN list in its legacy CSV files (sdn.csv, alt.csv, add.csv).

No header; ``-0-`` (often with a trailing space) is null; Latin-1; CRLF; a final
0x1A byte. Remarks carry birth dates, places of birth, nationalities, identity
documents and nicknames (``a.k.a. 'EL CHAPO'``), parsed here into properties.
Each listed party also yields a ``Sanction`` entity with its programs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.ingest.base import ProblemCollector, SourceEntity

NARCOTICS_PROGRAMS = ("SDNTK", "SDNT", "ILLICIT-DRUGS-EO14059")
SDN_COLUMNS = 12
TYPES = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
SOURCE_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"

_DATE = re.compile(r"^(?:circa\s+)?(?:(\d{1,2})\s+)?(?:([A-Z][a-z]{2})\s+)?(\d{4})$")
_DOC = re.compile(
    r"^(?:alt\.\s+)?(?P<kind>Passport|C\.U\.R\.P\.|R\.F\.C\.|Cedula No\.|D\.N\.I\.|"
    r"National ID No\.|NIT #|SSN|Tax ID No\.|Registration (?:Number|ID)|"
    r"Identification Number|Driver's License No\.)\s+(?P<number>\S+)"
    r"(?:\s+\((?P<country>[^)]+)\))?"
)
_AKA = re.compile(r"a\.k\.a\.\s+'([^']+)'")
DOC_PROPS = {
    "Passport": "passportNumber",
    "R.F.C.": "taxNumber",
    "NIT #": "taxNumber",
    "Tax ID No.": "taxNumber",
    "Registration Number": "registrationNumber",
    "Registration ID": "registrationNumber",
}


def _null(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _rows(path: Path, width: int, problems: ProblemCollector) -> Iterator[tuple[int, list[str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidData.at(
            N_("cannot read: {error}"), file=str(path), error=exc.strerror
        ) from None
    text = raw.decode("latin-1").rstrip("\x1a")
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not cells or cells == [""]:
            continue
        if len(cells) != width:
            problems.add(
                N_("expected {width} fields, found {n_cells}"),
                line=number,
                width=width,
                n_cells=len(cells),
            )
            continue
        yield number, [_null(c) for c in cells]


def parse_date(text: str) -> str | None:
    """'25 Dec 1954' -> '1954-12-25'; 'Dec 1954' -> '1954-12'; 'circa 1954' -> '1954'."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    if month is None:
        return year
    try:
        parsed = datetime.strptime(f"{day or 1} {month} {year}", "%d %b %Y")
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%d") if day else parsed.strftime("%Y-%m")


def parse_remarks(remarks: str) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}

    def add(prop: str, value: str) -> None:
        if value and value not in props.setdefault(prop, []):
            props[prop].append(value)

    for nick in _AKA.findall(remarks):
        add("weakAlias", nick)
    for part in (p.strip() for p in _AKA.sub("", remarks).rstrip(".").split(";")):
        if not part:
            continue
        lowered = part.lower()
        if lowered.startswith(("dob ", "alt. dob ")):
            value = part.split("DOB", 1)[1].strip()
            for piece in re.split(r"\s+to\s+", value):
                date = parse_date(piece)
                if date:
                    add("birthDate", date)
        elif lowered.startswith(("pob ", "alt. pob ")):
            add("birthPlace", part.split("POB", 1)[1].strip())
        elif lowered.startswith(("nationality ", "alt. nationality ")):
            add("nationality", part.split(" ", 1)[1].removeprefix("nationality ").strip())
        elif lowered.startswith(("citizen ", "alt. citizen ")):
            add("citizenship", part.split(" ", 1)[1].removeprefix("citizen ").strip())
        elif lowered.startswith("gender "):
            add("gender", part.split(" ", 1)[1].strip().lower())
        elif (doc := _DOC.match(part)) is not None:
            kind = doc.group("kind")
            add(DOC_PROPS.get(kind, "idNumber"), doc.group("number").rstrip(",;"))
        else:
            add("notes", part)
    return props


def read_ofac(
    folder: Path, problems: ProblemCollector, programs: tuple[str, ...] = ()
) -> Iterator[SourceEntity | None]:
    """Yield entities; ``None`` stands for a row skipped by the programs filter."""
    sdn, alt, add = (folder / n for n in ("sdn.csv", "alt.csv", "add.csv"))
    for path in (sdn, alt, add):
        if not path.is_file():
            raise InvalidData.at(
                N_("missing: an OFAC folder holds sdn.csv, alt.csv and add.csv"), file=str(path)
            )
    aliases: dict[str, list[tuple[str, str]]] = {}
    for _, cells in _rows(alt, 5, problems):
        aliases.setdefault(cells[0], []).append((cells[2], cells[3]))
    addresses: dict[str, list[tuple[str, str]]] = {}
    for _, cells in _rows(add, 6, problems):
        text = ", ".join(p for p in (cells[2], cells[3]) if p)
        addresses.setdefault(cells[0], []).append((text, cells[4]))
    problems.raise_if_any()
    wanted = {p.upper() for p in programs}
    for number, cells in _rows(sdn, SDN_COLUMNS, problems):
        ent_num, name, sdn_type, program_text = cells[0], cells[1], cells[2], cells[3]
        entry_programs = [p.strip(" []") for p in program_text.split("] [") if p.strip(" []")]
        if wanted and not wanted & set(entry_programs):
            yield None
            continue
        if not ent_num.isdigit():
            problems.add(
                N_("ent_num {ent_num!r} is not a number"),
                line=number,
                field="ent_num",
                ent_num=ent_num,
            )
            continue
        if sdn_type not in TYPES:
            problems.add(
                N_("unknown SDN type {sdn_type!r}"),
                line=number,
                field="SDN_Type",
                sdn_type=sdn_type,
            )
            continue
        schema = TYPES[sdn_type]
        props = parse_remarks(cells[11]) if cells[11] else {}
        if schema != "Person":
            for key in (
                "birthDate",
                "birthPlace",
                "nationality",
                "citizenship",
                "gender",
                "passportNumber",
            ):
                for value in props.pop(key, []):
                    props.setdefault("notes", []).append(f"{key}: {value}")
        props["name"] = [name]
        if cells[4]:
            props.setdefault("notes" if schema != "Person" else "title", []).append(cells[4])
        for alt_type, alt_name in aliases.get(ent_num, []):
            prop = "previousName" if alt_type == "fka" else "alias"
            if alt_name:
                props.setdefault(prop, []).append(alt_name)
        for text, country in addresses.get(ent_num, []):
            if text:
                props.setdefault("address", []).append(f"{text}, {country}" if country else text)
            if country:
                props.setdefault("country", []).append(country)
        props["sourceUrl"] = [SOURCE_URL]
        props["topics"] = ["sanction"]
        if schema == "Person" and "," in name:
            last, first = (p.strip() for p in name.split(",", 1))
            props["lastName"], props["firstName"] = [last], [first]
        entity_id = f"ofac-{ent_num}"
        yield SourceEntity(
            {"id": entity_id, "schema": schema, "properties": props}, f"sdn.csv:{number}"
        )
        yield SourceEntity(
            {
                "id": f"ofac-sanction-{ent_num}",
                "schema": "Sanction",
                "properties": {
                    "entity": [entity_id],
                    "authority": ["OFAC"],
                    "program": [program_text.replace("] [", "; ")],
                    "programId": entry_programs,
                    "country": ["us"],
                    "sourceUrl": [SOURCE_URL],
                    "authorityId": [ent_num],
                },
            },
            f"sdn.csv:{number}",
        )
