"""Organization names: legal forms split from the name proper.

"Servicios Logísticos del Norte, S.A. de C.V." and "SERVICIOS LOGISTICOS DEL
NORTE SA DE CV" are one company; "... S. de R.L." may be a different one. The
matcher compares the name proper and the legal form separately. Mexican and
U.S. forms come from ``data/legal_forms.yml``; other countries' forms are
removed with rigour's world-wide table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rigour.names import remove_org_types

from vinculo.names.lexicon import get_lexicon
from vinculo.names.normalize import fold

__all__ = ["OrgName", "parse_org_name"]


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organization name: folded name proper and comparison code of its legal form."""

    original: str
    name: str
    legal_form: str | None

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.name.split())


@lru_cache(maxsize=100_000)
def parse_org_name(text: str) -> OrgName:
    """Split the legal form (matched at the end of the name) from the name proper."""
    words = fold(text).split()
    for spelling, code in get_lexicon().legal_forms:
        width = len(spelling)
        if width < len(words) and tuple(words[-width:]) == spelling:
            return OrgName(text, " ".join(words[:-width]), code)
    stripped = fold(remove_org_types(fold(text)))
    if stripped and stripped != " ".join(words):
        return OrgName(text, stripped, "other")
    return OrgName(text, " ".join(words), None)
