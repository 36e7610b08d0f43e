"""Blind mode: agencies submit keyed tokens, and the server never holds a plain value.

Run on the agency's side (``vinculo blind encode``) with the community key, a
secret shared by the participating agencies and never given to the server:

- every exact match key (``phone:+5215512345678``) becomes
  ``KEYID:phone:HMAC-SHA256(k_phone, key)`` truncated to 128 bits, with one key
  derived per identifier kind, so tokens of different kinds never collide and
  a leaked token of one kind says nothing about another;
- every person name becomes a CLK, a 1024-bit Bloom filter of the name's
  character bigrams and the birth-date parts, each feature set with double
  hashing keyed by the community key (as clkhash does, with HMAC-SHA256 in
  place of its SHA1/MD5 pair); the server compares CLKs by Dice similarity;
- the plain blocking keys of `vinculo.deconflict.person` become HMAC tokens
  too, so the server can find candidates without learning names.

Key rotation: each token carries its key id. Agencies re-encode with the new
key; the server accepts the ids in its ``accepted_key_ids`` setting (current
and previous during the rotation window) and only compares like-keyed tokens.
See docs/deconfliction.md for what this reveals and protects against.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.geo import point_probe_keys
from vinculo.deconflict.model import BlindPerson, PersonFeatures, TargetKind, TargetSpec
from vinculo.deconflict.person import PARTICLES, birth_years, blocking_keys, phonetic_code
from vinculo.exc import InvalidData
from vinculo.names.lexicon import get_lexicon
from vinculo.names.parse import parse_person_name

TOKEN_VERSION = 1
CLK_BITS = 1024
#: Hash functions per feature (clkhash's ``k``): names weigh more than dates.
NAME_K = 20
DATE_K = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_PERSON_TOKENS = (
    "given", "given_weak", "given_typo", "given_other",
    "surnames", "dob_full", "dob_year", "dob_alt",
)  # fmt: skip


@dataclass(frozen=True)
class CommunityKey:
    """One generation of the community secret, named by its id."""

    key_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not _KEY_ID.match(self.key_id):
            raise InvalidData.at("key id must be 1-32 of A-Z a-z 0-9 _ . -", field="key_id")
        if len(self.secret) < 32:
            raise InvalidData.at("the community secret must have at least 256 bits", field="secret")

    def derive(self, purpose: str) -> bytes:
        """A sub-key per purpose (HKDF-expand style): per-kind keys never share a secret."""
        return hmac.new(self.secret, f"vinculo/v1/{purpose}".encode(), hashlib.sha256).digest()

    @classmethod
    def generate(cls, key_id: str) -> CommunityKey:
        return cls(key_id, secrets.token_bytes(32))


def load_key_file(path: str | Path, key_id: str | None = None) -> CommunityKey:
    """Read ``{"keys": [{"id", "secret" (base64), "current"}]}``; pick ``key_id`` or the current."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = data["keys"]
        keys = [
            (CommunityKey(e["id"], base64.b64decode(e["secret"], validate=True)), e.get("current"))
            for e in entries
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidData.at(f"unreadable key file: {exc}", file=where) from None
    for key, current in keys:
        if (key_id is None and current) or key.key_id == key_id:
            return key
    wanted = key_id or "the current key"
    raise InvalidData.at(f"key file has no {wanted}", file=where)


def key_file_text(keys: Sequence[CommunityKey], current: str) -> str:
    entries = [
        {
            "id": k.key_id,
            "secret": base64.b64encode(k.secret).decode(),
            "current": k.key_id == current,
        }
        for k in keys
    ]
    return json.dumps({"keys": entries}, indent=2) + "\n"


def _mac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def id_token(key: CommunityKey, match_key: str) -> str:
    """``KEYID:kind:MAC`` for a plain ``kind:value`` key; the kind stays readable."""
    kind, _, _ = match_key.partition(":")
    return f"{key.key_id}:{kind}:{_b64(_mac(key.derive(f'id:{kind}'), match_key)[:16])}"


def feature_token(key: CommunityKey, purpose: str, value: str) -> str:
    """A keyed token of one person feature, with a sub-key per purpose."""
    return f"{key.key_id}:{purpose}:{_b64(_mac(key.derive(f'person:{purpose}'), value)[:12])}"


def block_token(key: CommunityKey, block: str) -> str:
    return f"{key.key_id}:b:{_b64(_mac(key.derive('block'), block)[:12])}"


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
            h1 = int.from_bytes(_mac(k1, feature)[:8], "big")
            h2 = int.from_bytes(_mac(k2, feature)[:8], "big") | 1
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


def encode_spec(key: CommunityKey, spec: TargetSpec) -> dict[str, Any]:
    """The token line of one plain target: nothing in it is a plain identifier or name."""
    line: dict[str, Any] = {
        "v": TOKEN_VERSION,
        "key_id": key.key_id,
        "id": spec.source_id,
        "kind": spec.kind.value,
        "tokens": sorted({id_token(key, k) for k in spec.keys}),
    }
    if spec.point is not None:
        line["probes"] = sorted({id_token(key, k) for k in point_probe_keys(*spec.point)})
    if spec.person is not None:
        person = encode_person(key, spec.person)
        line["person"] = {
            "clks": [base64.b64encode(c).decode() for c in person.clks],
            "blocks": list(person.blocks),
            **{name: list(getattr(person, name)) for name in _PERSON_TOKENS},
        }
    return line


def encode_entity(key: CommunityKey, data: dict[str, Any]) -> dict[str, Any]:
    return encode_spec(key, target_from_entity(data))


def _str_list(line: dict[str, Any], name: str, where: str) -> list[str]:
    value = line.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidData.at("must be a list of strings", file=where, field=name)
    return value


def spec_from_token_line(line: dict[str, Any], where: str = "<input>") -> TargetSpec:
    """Read one token line (server side), checking that every token carries its key id."""
    if line.get("v") != TOKEN_VERSION:
        raise InvalidData.at(f"unsupported token version {line.get('v')!r}", file=where, field="v")
    key_id = line.get("key_id")
    source_id = line.get("id")
    if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
        raise InvalidData.at("missing or bad key id", file=where, field="key_id")
    if not isinstance(source_id, str) or not source_id:
        raise InvalidData.at("missing id", file=where, field="id")
    try:
        kind = TargetKind(str(line.get("kind")))
    except ValueError:
        raise InvalidData.at(
            f"unknown kind {line.get('kind')!r}", file=where, field="kind"
        ) from None
    tokens = _str_list(line, "tokens", where)
    probes = _str_list(line, "probes", where)
    person = None
    if "person" in line:
        raw = line["person"]
        if not isinstance(raw, dict):
            raise InvalidData.at("must be an object", file=where, field="person")
        try:
            clks = tuple(base64.b64decode(c, validate=True) for c in _str_list(raw, "clks", where))
        except ValueError:
            raise InvalidData.at("bad base64 CLK", file=where, field="person.clks") from None
        if any(len(c) != CLK_BITS // 8 for c in clks) or not clks:
            raise InvalidData.at(f"CLKs must be {CLK_BITS} bits", file=where, field="person.clks")
        person = BlindPerson(
            clks=clks,
            blocks=tuple(_str_list(raw, "blocks", where)),
            **{name: tuple(_str_list(raw, name, where)) for name in _PERSON_TOKENS},
        )
    person_tokens = (
        [t for n in ("blocks", *_PERSON_TOKENS) for t in getattr(person, n)] if person else []
    )
    for token in (*tokens, *probes, *person_tokens):
        if not token.startswith(f"{key_id}:"):
            raise InvalidData.at(f"token not made with key {key_id!r}", file=where, field="tokens")
    if not tokens and person is None:
        raise InvalidData.at("token line has nothing to match on", file=where)
    return TargetSpec(
        kind=kind,
        keys=tuple(tokens),
        source_id=source_id,
        probes=tuple(probes),
        blind_person=person,
        key_id=key_id,
    )
