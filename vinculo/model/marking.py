"""Handling markings (TLP 2.0 plus releasability) and Admiralty grading.

A marking says who may see a fact. The rule, applied in one place
(`vinculo.access.policy` in Python, `vinculo.store.visibility` in SQL):

- CLEAR, GREEN: every principal of the community (both countries).
- AMBER: the owning agency, plus the countries (``country:MX``), agencies
  (``agency:SEDENA``) and users (``user:jdoe``) named in its releasability.
- AMBER+STRICT: the owning agency only.
- RED: the owning agency (it holds the fact) and the named agencies and
  users only; a country is too broad a recipient for RED and is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from vinculo.exc import InvalidData
from vinculo.i18n import N_


class TLP(StrEnum):
    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"

    @classmethod
    def parse(cls, text: str) -> TLP:
        key = text.strip().upper().removeprefix("TLP:").replace("_", "+").replace(" ", "")
        if key == "WHITE":  # TLP 1.0 name of CLEAR
            key = "CLEAR"
        try:
            return cls(key)
        except ValueError:
            raise InvalidData(
                N_("unknown TLP level {text!r}; expected one of {levels}"),
                text=text,
                levels=", ".join(t.value for t in cls),
            ) from None


_RECIPIENT = re.compile(r"^(country|agency|user):[A-Za-z0-9_.@-]+$")


def parse_recipient(text: str) -> str:
    """Normalize ``country:mx`` to ``country:MX``; users keep their case."""
    item = text.strip()
    if not _RECIPIENT.match(item):
        raise InvalidData(
            N_("bad releasability recipient {text!r}; use country:CC, agency:CODE or user:NAME"),
            text=text,
        )
    kind, _, name = item.partition(":")
    return f"{kind}:{name if kind == 'user' else name.upper()}"


@dataclass(frozen=True, order=True)
class Marking:
    tlp: TLP = TLP.AMBER_STRICT
    releasable_to: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str, releasable_to: list[str] | tuple[str, ...] = ()) -> Marking:
        """Parse ``AMBER`` or ``AMBER rel:country:MX,agency:DEA`` plus extra recipients."""
        head, _, rest = text.strip().partition(" ")
        recipients = [r for r in releasable_to if r.strip()]
        rest = rest.strip()
        if rest:
            if not rest.lower().startswith("rel:"):
                raise InvalidData(
                    N_("bad marking {text!r}; expected 'LEVEL [rel:RECIPIENT,...]'"), text=text
                )
            recipients.extend(x for x in rest[4:].split(",") if x.strip())
        return cls(TLP.parse(head), frozenset(parse_recipient(r) for r in recipients))

    @property
    def releasability(self) -> str:
        """Canonical, sorted text form used as a storage key."""
        return ",".join(sorted(self.releasable_to))

    def __str__(self) -> str:
        return f"{self.tlp.value} rel:{self.releasability}" if self.releasable_to else self.tlp

    def __repr__(self) -> str:
        return f"Marking({str(self)!r})"


RELIABILITY = "ABCDEF"
CREDIBILITY = range(1, 7)

RELIABILITY_LABELS = {
    "A": N_("Completely reliable"),
    "B": N_("Usually reliable"),
    "C": N_("Fairly reliable"),
    "D": N_("Not usually reliable"),
    "E": N_("Unreliable"),
    "F": N_("Reliability cannot be judged"),
}
CREDIBILITY_LABELS = {
    1: N_("Confirmed by other sources"),
    2: N_("Probably true"),
    3: N_("Possibly true"),
    4: N_("Doubtful"),
    5: N_("Improbable"),
    6: N_("Truth cannot be judged"),
}


@dataclass(frozen=True)
class Grading:
    """Admiralty grading; ``None`` on either axis means not graded."""

    reliability: str | None = None
    credibility: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> Grading:
        if text is None or not text.strip() or text.strip() in {"?", "??", "-"}:
            return cls()
        code = text.strip().upper()
        rel = code[0] if code[0] != "?" else None
        cred_text = code[1:].strip()
        if rel is not None and rel not in RELIABILITY:
            raise InvalidData(N_("bad grading {text!r}: source reliability must be A-F"), text=text)
        cred: int | None = None
        if cred_text and cred_text != "?":
            if not cred_text.isdigit() or int(cred_text) not in CREDIBILITY:
                raise InvalidData(
                    N_("bad grading {text!r}: information credibility must be 1-6"), text=text
                )
            cred = int(cred_text)
        return cls(rel, cred)

    def __str__(self) -> str:
        rel = self.reliability or "?"
        cred = str(self.credibility) if self.credibility is not None else "?"
        return f"{rel}{cred}"

    def at_least(self, minimum: Grading) -> bool:
        """True when both graded axes are as good as ``minimum`` (A best, 1 best)."""
        if minimum.reliability and (
            self.reliability is None or self.reliability > minimum.reliability
        ):
            return False
        return not (
            minimum.credibility
            and (self.credibility is None or self.credibility > minimum.credibility)
        )
