"""Blind person encoding and scoring: CLKs, role-tagged keyed tokens, a logistic score.

Run on the agency's side, every person name becomes a CLK, a 1024-bit Bloom
filter of the name's character bigrams, each feature set with double hashing
keyed by the community key (as clkhash does, with HMAC-SHA256 in place of its
SHA1/MD5 pair); the server compares CLKs by Dice similarity. The matcher's
structure (first given name, other given names, surnames, birth dates and
their likely typos) is kept as keyed tokens, and the plain blocking keys of
`vinculo.deconflict.person` become block tokens, so the server finds and
scores candidates without learning a name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from vinculo.deconflict.blind_keys import CommunityKey, block_token, feature_token, mac
from vinculo.deconflict.model import BlindPerson, PersonFeatures
from vinculo.deconflict.person import PARTICLES, birth_years, blocking_keys, phonetic_code
from vinculo.names.lexicon import get_lexicon
from vinculo.names.parse import parse_person_name

CLK_BITS = 1024
#: Hash functions per feature (clkhash's ``k``): names weigh more than dates.
NAME_K = 20
DATE_K = 12


def _grams(name: str) -> list[str]:
    """Bigrams of each token padded with spaces (clkhash's default tokenizer)."""
    out: list[str] = []
    for token in name.split():
        padded = f" {token} "
        out.extend(f"n:{padded[i : i + 2]}" for i in range(len(padded) - 1))
    return out


def _date_features(dates: Iterable[str]) -> list[str]:
    out: list[str] = []
    for d in dates:
        out.append(f"y:{d[:4]}")
        if len(d) >= 7:
            out.append(f"m:{d[5:7]}")
        if len(d) >= 10:
            out.append(f"d:{d[8:10]}")
    return out


def clk(key: CommunityKey, name: str, dates: Sequence[str]) -> bytes:
    """The Bloom-filter encoding of one name with the birth dates (CLK_BITS bits)."""
    k1, k2 = key.derive("clk:1"), key.derive("clk:2")
    bits = 0
    for features, k in ((_grams(name), NAME_K), (_date_features(dates), DATE_K)):
        for feature in features:
            h1 = int.from_bytes(mac(k1, feature)[:8], "big")
            h2 = int.from_bytes(mac(k2, feature)[:8], "big") | 1
            for i in range(k):
                bits |= 1 << ((h1 + i * h2) % CLK_BITS)
    return bits.to_bytes(CLK_BITS // 8, "big")


def dice(a: bytes, b: bytes) -> float:
    """Dice coefficient of two bit strings: 2|A∩B| / (|A|+|B|)."""
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    total = x.bit_count() + y.bit_count()
    return 2.0 * (x & y).bit_count() / total if total else 0.0


@dataclass
class _Roles:
    given: set[str]
    given_weak: set[str]
    given_typo: set[str]
    given_other: set[str]
    surnames: set[str]


def _words(parts: Iterable[str | None]) -> list[str]:
    return [w for p in parts if p for w in p.split() if len(w) > 1 and w not in PARTICLES]


def _name_roles(names: Iterable[str]) -> _Roles:
    """Role-tagged name features: the matcher's structure, computed before hashing."""
    lex = get_lexicon()
    roles = _Roles(set(), set(), set(), set(), set())

    def strong(word: str) -> set[str]:
        return {"c:" + phonetic_code(lex.given_clusters.get(word, word)), "p:" + word[:3]}

    for name in names:
        parsed = parse_person_name(name)
        given = _words(parsed.given)
        if given:
            roles.given |= strong(given[0])
            roles.given_weak.add(given[0][:2])
            roles.given_typo |= deletion_neighbourhood(given[0])
        for word in given[1:]:
            roles.given_other |= strong(word)
        roles.surnames |= {phonetic_code(w) for w in _words((parsed.paternal, parsed.maternal))}
    return roles


def deletion_neighbourhood(word: str) -> set[str]:
    """The word and every one-letter deletion of it (SymSpell's trick).

    Two words one insertion, deletion, substitution or transposition apart
    share at least one member, so equality of keyed members finds typos.
    """
    return (
        {word} | {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) > 3 else {word}
    )


def _date_alternatives(day: str) -> set[str]:
    """Likely clerical variants of a full date: one digit wrong, day and month swapped."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return set()
    out = set()
    for i, char in enumerate(day):
        if char.isdigit():
            for digit in "0123456789":
                variant = day[:i] + digit + day[i + 1 :]
                if variant != day and _is_date(variant):
                    out.add(variant)
    if parsed.day <= 12 and parsed.day != parsed.month:
        out.add(f"{parsed.year:04d}-{parsed.day:02d}-{parsed.month:02d}")
    return out


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def encode_person(key: CommunityKey, person: PersonFeatures) -> BlindPerson:
    """Every feature blind scoring uses, computed here, on the agency's side."""
    clks = tuple(clk(key, name, ()) for name in person.norm[:3])
    plain_blocks = blocking_keys(person.norm, person.birth_dates)
    roles = _name_roles(person.names)
    full = {d for d in person.birth_dates if len(d) == 10}
    alt = {a for d in full for a in _date_alternatives(d)}

    def tokens(purpose: str, values: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({feature_token(key, purpose, v) for v in values}))

    return BlindPerson(
        clks=clks,
        blocks=tuple(sorted({block_token(key, b) for b in plain_blocks})),
        given=tokens("given", roles.given),
        given_weak=tokens("given_weak", roles.given_weak),
        given_typo=tokens("given_typo", roles.given_typo),
        given_other=tokens("given_other", roles.given_other),
        surnames=tokens("surname", roles.surnames),
        dob_full=tokens("dob", full),
        dob_year=tokens("year", birth_years(person.birth_dates)),
        dob_alt=tokens("dob", alt - full),
    )


def _agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """1 if the token sets meet, 0 if both are present and do not, 0.5 if one is empty."""
    if not a or not b:
        return 0.5
    return 1.0 if set(a) & set(b) else 0.0


BLIND_FEATURES = (
    "name_dice", "first_exact", "first_typo", "first_weak", "first_conflict",
    "other_agree", "other_conflict", "surname_overlap", "surname_conflict",
    "dob_exact", "dob_near", "dob_same_year", "dob_year_only", "dob_conflict",
)  # fmt: skip

#: Logistic weights of `BLIND_FEATURES` (then the intercept), fitted by
#: ``benchmarks/deconflict.py --fit-blind`` on synthetic pairs of seed 101
#: (the reported benchmark uses other seeds).
BLIND_WEIGHTS = (
    10.703, -0.512, 0.464, -1.492, -3.578, -0.704, -3.197, 3.082, -0.213,
    7.715, 4.523, 1.391, 3.292, -4.861, -12.269,
)  # fmt: skip


def blind_features(a: BlindPerson, b: BlindPerson) -> list[float]:
    """The pair's features, computed from keyed tokens and CLKs only."""
    name = max((dice(x, y) for x in a.clks for y in b.clks), default=0.0)
    first = _agreement(a.given, b.given)
    typo = first == 0.0 and bool(set(a.given_typo) & set(b.given_typo))
    weak = first == 0.0 and not typo and bool(set(a.given_weak) & set(b.given_weak))
    other = _agreement(a.given_other, b.given_other)
    sur_a, sur_b = set(a.surnames), set(b.surnames)
    overlap = len(sur_a & sur_b) / min(len(sur_a), len(sur_b)) if sur_a and sur_b else 0.5
    full_a, full_b = set(a.dob_full), set(b.dob_full)
    exact = bool(full_a & full_b)
    both_full = bool(full_a and full_b) and not exact
    near = both_full and bool(set(a.dob_alt) & full_b or full_a & set(b.dob_alt))
    same_year = bool(set(a.dob_year) & set(b.dob_year))
    year_conflict = bool(a.dob_year and b.dob_year) and not same_year
    return [
        name,
        float(first == 1.0),
        float(typo),
        float(weak),
        float(first == 0.0 and not typo and not weak),
        float(other == 1.0),
        float(other == 0.0),
        overlap,
        float(bool(sur_a and sur_b) and not sur_a & sur_b),
        float(exact),
        float(near),
        float(both_full and not near and same_year),
        float(not exact and not both_full and same_year),
        float(year_conflict),
    ]


def blind_score(a: BlindPerson, b: BlindPerson) -> float:
    """The probability-like score of a blind pair: a logistic model over `blind_features`."""
    x = blind_features(a, b)
    z = sum(w * v for w, v in zip(BLIND_WEIGHTS, x, strict=False)) + BLIND_WEIGHTS[-1]
    return 1.0 / (1.0 + math.exp(-z))
