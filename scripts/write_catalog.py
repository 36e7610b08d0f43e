"""Write a Spanish .po catalog from a Python dict of msgid -> msgstr.

Usage: python scripts/write_catalog.py NAME translations.json
The catalog lands in vinculo/locale/es/LC_MESSAGES/NAME.po; `make messages`
lists the message ids that still lack a translation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po


def write_catalog(name: str, translations: dict[str, object]) -> Path:
    catalog = Catalog(locale="es", project="vinculo", domain="messages")
    for msgid, msgstr in sorted(translations.items()):
        if isinstance(msgstr, list):
            singular, plural = msgid.split("\x00") if "\x00" in msgid else (msgid, msgid)
            forms = [str(m) for m in msgstr]
            forms += [forms[-1]] * (catalog.num_plurals - len(forms))  # es: one, many, other
            catalog.add((singular, plural), tuple(forms))
        else:
            catalog.add(msgid, str(msgstr))
    path = Path(__file__).resolve().parent.parent / "vinculo/locale/es/LC_MESSAGES" / f"{name}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False)
    return path


if __name__ == "__main__":
    print(write_catalog(sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))))
