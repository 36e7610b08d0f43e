"""The texts of the target ranking: message ids, templates marked for translation, citations.

Templates are marked with ``N_`` and translated only when rendered, so a ranking computed once
reads in the language of whoever looks at it. Each rendered note keeps its id and parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vinculo.i18n import N_, _


@dataclass(frozen=True)
class Study:
    key: str
    citation: str
    finding: str  # marked for translation


STUDIES: dict[str, Study] = {
    s.key: s
    for s in (
        Study(
            "calderon2015",
            "Calderón, Robles, Díaz-Cayeros & Magaloni (2015), "
            "J. Conflict Resolution 59(8): 1455-1485",
            N_("homicides rose 36.5% in the six months after a leader was removed"),
        ),
        Study(
            "lindo2018",
            "Lindo & Padilla-Romo (2018), J. Health Economics 58: 253-268",
            N_(
                "homicides rose 80% in the municipality of a kingpin's capture, for at least a year"
            ),
        ),
        Study(
            "phillips2015",
            "Phillips (2015), J. Politics 77(2): 324-336",
            N_("arrests of mid-level leaders, unlike killings, reduced violence in the short term"),
        ),
        Study(
            "cavallaro2020",
            "Cavallaro et al. (2020), PLOS ONE 15(8): e0236476",
            N_(
                "removing the 5% of members with the highest betweenness cut the largest group "
                "by up to 70%"
            ),
        ),
        Study(
            "bright2017",
            "Bright, Greenhill, Britz, Ritter & Morselli (2017), Global Crime 18(4): 424-441",
            N_("in simulations on a drug network, removals by betweenness disrupted it most"),
        ),
        Study(
            "duijn2014",
            "Duijn, Kashirin & Sloot (2014), Scientific Reports 4: 4238",
            N_("criminal networks recover from removals and can come back more resilient"),
        ),
    )
}

MESSAGES: dict[str, str] = {
    "why.betweenness": N_(
        "Lies on {share:.0%} of the shortest paths between other members (betweenness rank "
        "{rank} of {total})."
    ),
    "why.degree": N_("Has {degree} direct contacts (degree rank {rank} of {total})."),
    "why.damage": N_(
        "Removing this person alone shrinks the largest connected group from {before} to "
        "{after} members and lowers network efficiency by {loss:.0%}."
    ),
    "why.articulation": N_(
        "A cut point: removing this person splits the network into {parts} parts."
    ),
    "why.broker": N_("Brokers between {count} pairs of contacts in different communities."),
    "why.border": N_("Joins {count} pairs of Mexican and U.S. contacts who have no direct tie."),
    "known.by": N_("Known to: {agencies}."),
    "legal.indictment": N_("Indictment: {status}."),
    "legal.extradition": N_("Extradition: {status}."),
    "risk.leader": N_(
        "Leader: high violence risk. After leader removals in Mexico {calderon2015} "
        "(Calderón et al. 2015)."
    ),
    "risk.territory": N_(
        "Holds territory ({territory}): expect succession fights there; {lindo2018} (Lindo & "
        "Padilla-Romo 2018)."
    ),
    "risk.midlevel": N_(
        "Mid-level: lower violence risk if arrested; {phillips2015} (Phillips 2015)."
    ),
    "risk.recovery": N_(
        "Plan follow-up: {duijn2014} (Duijn et al. 2014); betweenness-first campaigns "
        "disrupt most (Cavallaro et al. 2020; Bright et al. 2017)."
    ),
}


def render(key: str, **params: Any) -> dict[str, Any]:
    """A note: its id, parameters, and the text in the current language."""
    studies = {k: _(s.finding) for k, s in STUDIES.items()}
    text = _(MESSAGES[key]).format(**studies, **params)
    return {"id": key, "params": _plain(params), "text": text}


def citations(keys: list[str]) -> list[dict[str, str]]:
    return [
        {"key": k, "citation": STUDIES[k].citation, "finding": _(STUDIES[k].finding)} for k in keys
    ]


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, int | float | str) else str(v) for k, v in params.items()}
