"""English and Spanish for every message a person reads.

Catalogs are gettext ``.po`` files under ``vinculo/locale``; they are compiled
in memory when first used, so the source of truth is the text file only.
The current locale is a context variable: the web layer sets it per request,
the CLI from ``--lang``, the user's setting or ``VINCULO_LOCALE``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = ("en", "es")
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("vinculo_locale", default="en")


@cache
def translations(locale: str) -> NullTranslations:
    """All catalogs of a locale merged: one ``.po`` file per capability, same domain."""
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    if locale == "en" or not folder.is_dir():
        return NullTranslations()
    merged: Translations | None = None
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        part = Translations(fp=buf, domain=DOMAIN)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    return merged or NullTranslations()


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it where it is shown."""
    return message


def normalize(locale: str | None) -> str:
    if not locale:
        return "en"
    code = locale.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LOCALES else "en"


def get_locale() -> str:
    return _current.get()


def set_locale(locale: str | None) -> str:
    code = normalize(locale)
    _current.set(code)
    return code


@contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    token = _current.set(normalize(locale))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext


def from_accept_language(header: str | None) -> str | None:
    """The first supported language of an Accept-Language header, by quality."""
    if not header:
        return None
    choices: list[tuple[float, str]] = []
    for part in header.split(","):
        lang, _, q = part.strip().partition(";q=")
        try:
            quality = float(q) if q else 1.0
        except ValueError:
            quality = 0.0
        code = lang.strip().lower().split("-")[0]
        if code in LOCALES:
            choices.append((quality, code))
    return max(choices)[1] if choices else None


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, format="medium", locale=Locale.parse(get_locale()))
    return format_date(value, format="medium", locale=Locale.parse(get_locale()))


def fmt_number(value: float | int) -> str:
    return format_decimal(value, locale=Locale.parse(get_locale()))


def extract_messages() -> dict[str, list[str]]:
    """Every message id in the code and templates, with where it occurs (for the catalogs)."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).parent
    method_map = [("**.py", "python"), ("web/templates/**.html", "jinja2")]
    options = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map=method_map, options_map=options, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message  # plurals: singular
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing_translations(locale: str = "es") -> list[str]:
    """Message ids without a translation in ``locale``'s catalogs."""
    trans = translations(locale)
    catalog: dict[object, object] = getattr(trans, "_catalog", {})
    missing = []
    for msgid in extract_messages():
        value = catalog.get(msgid)
        if value is None:
            plural = next(
                (v for k, v in catalog.items() if isinstance(k, tuple) and k[0] == msgid), None
            )
            value = plural
        if not value:
            missing.append(msgid)
    return sorted(missing)
