"""Dates as the law and the public record give them.

Extradition transitions carry exact dates (a deadline cannot be computed
from "June 1993"), but historical facts often have only a year or a month,
so timelines and indictments use ISO prefixes (``1993``, ``1993-06``,
``1993-06-10``) that sort correctly as strings, as FollowTheMoney dates do.
"""

from __future__ import annotations

import re
from datetime import date

from vinculo.exc import InvalidData
from vinculo.i18n import N_

_PARTIAL = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_WINDOW = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$", re.IGNORECASE)


def parse_date(value: object, *, field: str = "date") -> date:
    """An exact calendar date from ``date`` or ``YYYY-MM-DD`` text."""
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidData.at(
            N_("not a date (YYYY-MM-DD): {text!r}"), field=field, text=text
        ) from None


def parse_partial(value: object, *, field: str = "date") -> str:
    """An ISO date prefix: year, year-month or full date."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if not _PARTIAL.match(text):
        raise InvalidData.at(
            N_("not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}"), field=field, text=text
        )
    if len(text) == 10:
        parse_date(text, field=field)  # rejects 2017-02-30
    return text


def parse_window(text: str) -> int:
    """``14d``, ``2w`` or ``14`` as a number of days."""
    match = _WINDOW.match(text)
    if not match:
        raise InvalidData.at(
            N_("bad window {text!r}; use e.g. 14d or 2w"), field="within", text=text
        )
    count = int(match.group(1))
    return count * 7 if match.group(2).lower() == "w" else count
