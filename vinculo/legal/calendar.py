"""Business-day calendars for counting legal periods.

A business day is a weekday that is not a public holiday. Public holidays
come from the ``holidays`` package (MIT): Mexico's list follows Ley Federal
del Trabajo art. 74, the U.S. list the federal holidays of 5 U.S.C. 6103.
Courts close on more days than that, so each calendar in
``rules/calendars.yaml`` may add yearly dates (``MM-DD``) and one-off dates
(court closures, vacation periods), each with its legal source. Calendars
are data, like the deadline rules, so a lawyer can correct them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays as holidays_pkg

from vinculo.exc import InvalidData, Message, NotFound
from vinculo.i18n import N_
from vinculo.legal.dates import parse_date
from vinculo.legal.yamlfile import Reader, load

CALENDARS_FILE = Path(__file__).parent / "rules" / "calendars.yaml"


@dataclass(frozen=True)
class BusinessCalendar:
    name: str
    country: str
    extra_annual: frozenset[tuple[int, int]] = frozenset()
    extra_dates: frozenset[date] = frozenset()
    sources: tuple[str, ...] = ()
    note: str | None = None
    _years: dict[int, frozenset[date]] = field(default_factory=dict, compare=False, repr=False)

    def holidays_in(self, year: int) -> frozenset[date]:
        cached = self._years.get(year)
        if cached is None:
            public = holidays_pkg.country_holidays(self.country, years=year)
            days = set(public.keys())
            days.update(date(year, m, d) for m, d in self.extra_annual)
            days.update(d for d in self.extra_dates if d.year == year)
            cached = self._years[year] = frozenset(days)
        return cached

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays_in(day.year)

    def add_business_days(self, start: date, count: int) -> date:
        """The ``count``-th business day after ``start`` (``start`` itself not counted)."""
        day = start
        left = count
        while left > 0:
            day += timedelta(days=1)
            if self.is_business_day(day):
                left -= 1
        return day

    def next_business_day(self, day: date) -> date:
        """``day`` itself when it is a business day, else the next one."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day


@dataclass(frozen=True)
class Calendars:
    by_name: dict[str, BusinessCalendar]

    def __getitem__(self, name: str) -> BusinessCalendar:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(sorted(self.by_name))
            raise NotFound(
                N_("no business-day calendar {name!r}; known: {known}"), name=name, known=known
            ) from None

    @classmethod
    def load(cls, path: Path = CALENDARS_FILE) -> Calendars:
        root = Reader(load(path), path, Message.of(N_("calendars file")))
        out: dict[str, BusinessCalendar] = {}
        for item in root.mappings("calendars"):
            name = item.text("name")
            if name in out:
                raise item.error(N_("calendar {name!r} defined twice"), "name", name=name)
            country = item.text("country").upper()
            if country not in {"US", "MX"}:
                raise item.error(N_("expected US or MX"), "country")
            annual = set()
            for text in item.texts("extra_annual"):
                try:
                    month, day = (int(x) for x in text.split("-"))
                    date(2000, month, day)  # leap year: accepts 02-29
                except ValueError:
                    raise item.error(N_("bad MM-DD {text!r}"), "extra_annual", text=text) from None
                annual.add((month, day))
            try:
                extra = frozenset(parse_date(t) for t in item.texts("extra_dates"))
            except InvalidData as err:
                raise item.error(err.text, "extra_dates") from None
            out[name] = BusinessCalendar(
                name=name,
                country=country,
                extra_annual=frozenset(annual),
                extra_dates=extra,
                sources=item.texts("sources"),
                note=item.opt_text("note"),
            )
        return cls(out)


@lru_cache(maxsize=1)
def default_calendars() -> Calendars:
    """The packaged calendars, parsed once per process (the file is read-only)."""
    return Calendars.load()
