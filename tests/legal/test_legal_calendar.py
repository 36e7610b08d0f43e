from datetime import date
from pathlib import Path

import pytest

from vinculo.exc import InvalidData, NotFound
from vinculo.legal.calendar import Calendars, default_calendars


def test_mexico_judicial_calendar_skips_weekends_holidays_and_amparo_days() -> None:
    cal = default_calendars()["MX-judicial"]
    assert not cal.is_business_day(date(2024, 3, 18))  # third Monday of March (LFT art. 74)
    assert not cal.is_business_day(date(2024, 5, 5)) or date(2024, 5, 5).weekday() >= 5
    assert not cal.is_business_day(date(2023, 5, 5))  # Friday, Ley de Amparo art. 19
    assert not cal.is_business_day(date(2024, 9, 16))
    assert not cal.is_business_day(date(2023, 9, 14))  # Thursday, Ley de Amparo art. 19
    assert not cal.is_business_day(date(2023, 10, 12))
    assert cal.is_business_day(date(2023, 10, 13))
    # Thursday 14 Sep 2023 -> 3 business days: 15 (Fri), 18 (Mon), 19 (Tue)
    assert cal.add_business_days(date(2023, 9, 13), 3) == date(2023, 9, 19)


def test_mexico_federal_calendar_is_the_labour_law_list() -> None:
    cal = default_calendars()["MX-federal"]
    assert cal.is_business_day(date(2023, 5, 5))  # not in LFT art. 74
    assert not cal.is_business_day(date(2024, 2, 5))
    assert not cal.is_business_day(date(2024, 10, 1))  # change of federal government


def test_us_federal_calendar() -> None:
    cal = default_calendars()["US-federal"]
    assert not cal.is_business_day(date(2024, 7, 4))
    assert not cal.is_business_day(date(2024, 11, 28))  # Thanksgiving
    # Wed 27 Nov 2024 + 2 business days skips Thanksgiving: Fri 29, Mon 2 Dec
    assert cal.add_business_days(date(2024, 11, 27), 2) == date(2024, 12, 2)
    assert cal.next_business_day(date(2024, 12, 25)) == date(2024, 12, 26)


def test_unknown_calendar_names_the_known_ones() -> None:
    with pytest.raises(NotFound, match="MX-federal, MX-judicial, US-federal"):
        default_calendars()["CA"]


def test_bad_calendar_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text("calendars:\n  - name: X\n    country: MX\n    extra_annual: ['13-01']\n")
    with pytest.raises(InvalidData) as err:
        Calendars.load(path)
    problem = err.value.errors[0]
    assert (problem.line, problem.field) == (2, "extra_annual")
    assert problem.file == str(path)


def test_extra_dates_close_the_court(tmp_path: Path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(
        "calendars:\n  - name: X\n    country: MX\n    extra_dates: ['2024-07-16', '2024-07-17']\n"
    )
    cal = Calendars.load(path)["X"]
    assert cal.add_business_days(date(2024, 7, 15), 1) == date(2024, 7, 18)
