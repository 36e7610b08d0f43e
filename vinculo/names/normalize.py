"""Folding of names into comparison form.

Agencies write the same name with and without accents, in capitals or not,
with dots in initials and hyphens between surnames. Everything the matcher
compares goes through :func:`fold` first, so "Guzmán-Loera" and "GUZMAN
LOERA" meet as the same tokens. Transliteration uses anyascii (ISC licence),
which handles every script; Unidecode is GPL and is not used.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold", "fold_tokens", "strip_dots"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# "S.A." and "G." lose their dots without splitting: "s.a." -> "sa".
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)|(?<=\b\w)\.")


def strip_dots(text: str) -> str:
    """Remove dots inside abbreviations so "S.A. de C.V." folds to "sa de cv"."""
    return _DOTTED.sub("", text)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase ASCII form with punctuation turned into single spaces."""
    ascii_text = anyascii(text).lower()
    return _NON_ALNUM.sub(" ", strip_dots(ascii_text)).strip()


def fold_tokens(text: str) -> list[str]:
    """The folded tokens of a name."""
    folded = fold(text)
    return folded.split() if folded else []
