"""The agencies of the demo and what each of them sees (table in data/agencies.yaml).

Each agency has a mandate, and the mandate decides which people it holds
(coverage by role group), which things it records (vehicles, accounts,
calls, border crossings), how it writes names and dates, and how it marks
and grades what it holds. The figures are plausible, not measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from vinculo.exc import InvalidData
from vinculo.i18n import N_

#: Role groups used by coverage tables (see `org.ROLES`).
GROUPS = ("top", "plaza", "mid", "finance", "smuggling", "us_cell", "foot", "official")


@dataclass(frozen=True)
class Agency:
    code: str
    country: str  # "US" or "MX" (the agency's country, upper case as in markings)
    name: str
    dataset: str
    title: str
    marking: str
    releasability: tuple[str, ...]
    grading: str
    lang: str  # "en" or "es": language of descriptions and role labels
    #: name layouts and their weights (see `noise.render_name`)
    name_styles: tuple[tuple[str, float], ...]
    accents: float  # probability that accents survive
    typo: float  # probability of one typo in a name
    translate_nickname: float  # probability that an apodo is written in English
    year_only: float  # probability that a birth date is a bare year
    swap_day_month: float  # probability of a day/month mix-up
    wrong_birth: float  # probability of a conflicting birth date
    coverage: dict[str, float]  # role group -> probability of holding a person
    abroad: float  # factor on coverage for people operating in the other country
    fields: dict[str, float]  # person property -> probability it is filled
    vehicles: float  # probability of recording a held person's vehicle
    finance: float  # probability of recording a held person's bank account
    wiretap: float  # probability that a held person's phone is tapped
    links: float  # probability of recording a relationship whose two ends it holds
    duplicate: float  # probability of a second record of the same person
    events: tuple[str, ...]  # kinds of true events this agency records
    #: (source label, grading, weight): who told the agency, and how reliable that is
    sources: tuple[tuple[str, str, float], ...] = field(default=())


DATA = Path(__file__).parent / "data" / "agencies.yaml"


def load_agencies(path: Path = DATA) -> tuple[Agency, ...]:
    """Read the agency table; a missing or mistyped key names the agency and the field."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    agencies = []
    names = {f.name for f in fields(Agency)}
    for n, item in enumerate(raw["agencies"]):
        missing = names - set(item)
        if missing or set(item) - names:
            raise InvalidData.at(
                N_("agency {code}: missing {missing}, unknown {unknown}"),
                file=str(path),
                field="agencies",
                code=item.get("code", n),
                missing=sorted(missing),
                unknown=sorted(set(item) - names),
            )
        item = dict(item)
        item["releasability"] = tuple(item["releasability"])
        item["name_styles"] = tuple(item["name_styles"].items())
        item["events"] = tuple(item["events"])
        item["sources"] = tuple(tuple(s) for s in item["sources"])
        if set(item["coverage"]) != set(GROUPS):
            raise InvalidData.at(
                N_("agency {code}: coverage must cover {groups}"),
                file=str(path),
                field="coverage",
                code=item["code"],
                groups=GROUPS,
            )
        agencies.append(Agency(**item))
    return tuple(agencies)


AGENCIES: tuple[Agency, ...] = load_agencies()
AGENCY_BY_CODE: dict[str, Agency] = {a.code: a for a in AGENCIES}

#: Record-level markings other than the dataset default: (TLP, releasability, weight).
#: "{partner}" is the other country; "{peer}" an agency of the other country.
MARKING_VARIANTS: tuple[tuple[str, str, float], ...] = (
    ("default", "", 0.72),
    ("AMBER", "country:{partner}", 0.08),
    ("AMBER", "agency:{peer}", 0.05),
    ("AMBER+STRICT", "", 0.07),
    ("GREEN", "", 0.06),
    ("RED", "agency:{peer}", 0.02),
)


def partners(agency: Agency) -> tuple[Agency, ...]:
    """The agencies of the other country, in a fixed order."""
    return tuple(a for a in AGENCIES if a.country != agency.country)
