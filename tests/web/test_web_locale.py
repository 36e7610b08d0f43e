"""Dates and numbers in the reader's language, and no message without its Spanish."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from tests.factories import community, login, person, web_client, write
from vinculo import i18n
from vinculo.model.marking import TLP
from vinculo.store import Store


def test_formatting_follows_the_locale() -> None:
    day = date(2022, 5, 2)
    with i18n.use_locale("en"):
        assert i18n.fmt_date(day) == "May 2, 2022"
        assert i18n.fmt_number(1234567.5) == "1,234,567.5"
    with i18n.use_locale("es"):
        assert i18n.fmt_date(day) == "2 may 2022"
        assert i18n.fmt_number(1234567.5) == "1.234.567,5"
        assert i18n.fmt_date(datetime(2022, 5, 2, 14, 5, tzinfo=UTC)).startswith("2 may 2022")


def test_pages_format_dates_and_numbers_for_the_reader(sqlite_store: Store) -> None:
    community(sqlite_store)
    old = datetime(2017, 5, 2, 9, 30, tzinfo=UTC)
    statements = [
        dataclasses.replace(s, first_seen=old, last_seen=old, collected=date(2016, 12, 24))
        for s in person("p-1", "Vicente Carrillo Fuentes", agency="DEA", tlp=TLP.GREEN)
    ]
    write(sqlite_store, statements)
    client = login(web_client(sqlite_store), "ana.dea")
    english = client.get("/records?as_of=2024-01-01&lang=en").text
    assert "May 2, 2022" in english and "1 record due for review" in english
    spanish = client.get("/records?as_of=2024-01-01&lang=es").text
    assert "2 may 2022" in spanish and "1 registro pendiente de revisión" in spanish
    assert "24 dic 2016" in client.get("/entity/p-1?lang=es").text
    assert "Dec 24, 2016" in client.get("/entity/p-1?lang=en").text


#: Message ids of the frame, access, audit and records (this capability and the foundation).
FRAME_SOURCES = (
    "access/",
    "services/access.py",
    "services/audit.py",
    "services/records.py",
    "services/entities.py",
    "store/",
    "cli/__init__.py",
    "cli/admin.py",
    "cli/audit.py",
    "cli/data.py",
    "cli/records.py",
    "cli/serve.py",
    "cli/util.py",
    "model/",
    "web/app.py",
    "web/auth.py",
    "web/errors.py",
    "web/nav.py",
    "web/views/admin.py",
    "web/views/entities.py",
    "web/views/records.py",
    "web/views/session.py",
    "web/api/core.py",
    "web/api/users.py",
    "web/templates/admin.html",
    "web/templates/audit.html",
    "web/templates/base.html",
    "web/templates/entity.html",
    "web/templates/error.html",
    "web/templates/login.html",
    "web/templates/macros.html",
    "web/templates/search.html",
    "web/templates/records/",
)


def _is_frame(where: list[str]) -> bool:
    return any(w.startswith(FRAME_SOURCES) for w in where)


def test_every_message_of_the_frame_has_spanish() -> None:
    found = i18n.extract_messages()
    missing = [m for m in i18n.missing_translations() if _is_frame(found.get(m, []))]
    assert not missing, "\n".join(f"{m!r} at {found[m][0]}" for m in missing)


def test_every_message_of_every_capability_has_spanish() -> None:
    found = i18n.extract_messages()
    missing = i18n.missing_translations()
    assert not missing, f"{len(missing)} messages lack Spanish:\n" + "\n".join(
        f"{m!r} at {', '.join(found.get(m, ['?'])[:2])}" for m in missing
    )
