"""Blind mode's token lines: what ``vinculo blind encode`` writes and the server reads.

A token line holds, for one target, only keyed tokens: every exact match key
(``phone:+5215512345678``) as ``KEYID:phone:MAC`` (`blind_keys.id_token`), a
coordinate's cell tokens, and for a person the CLKs and keyed features of
`blind_clk.encode_person`. The server checks that every token carries the
line's key id and never sees a plain identifier or name. The key and CLK
machinery is re-exported here for the CLI. See docs/deconfliction.md for what
blind mode reveals and protects against.
"""

from __future__ import annotations

import base64
from typing import Any

from vinculo.deconflict.blind_clk import (
    CLK_BITS,
    blind_score,
    clk,
    dice,
    encode_person,
)
from vinculo.deconflict.blind_keys import (
    KEY_ID_PATTERN,
    CommunityKey,
    id_token,
    key_file_text,
    load_key_file,
)
from vinculo.deconflict.extract import target_from_entity
from vinculo.deconflict.geo import point_probe_keys
from vinculo.deconflict.model import BlindPerson, TargetKind, TargetSpec
from vinculo.exc import InvalidData
from vinculo.i18n import N_

__all__ = [
    "CommunityKey", "blind_score", "clk", "dice", "encode_entity", "encode_spec",
    "key_file_text", "load_key_file", "spec_from_token_line",
]  # fmt: skip

TOKEN_VERSION = 1
_PERSON_TOKENS = (
    "given", "given_weak", "given_typo", "given_other",
    "surnames", "dob_full", "dob_year", "dob_alt",
)  # fmt: skip


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
        raise InvalidData.at(N_("must be a list of strings"), file=where, field=name)
    return value


def spec_from_token_line(line: dict[str, Any], where: str = "<input>") -> TargetSpec:
    """Read one token line (server side), checking that every token carries its key id."""
    if line.get("v") != TOKEN_VERSION:
        raise InvalidData.at(
            N_("unsupported token version {text!r}"), file=where, field="v", text=line.get("v")
        )
    key_id = line.get("key_id")
    source_id = line.get("id")
    if not isinstance(key_id, str) or not KEY_ID_PATTERN.match(key_id):
        raise InvalidData.at(N_("missing or bad key id"), file=where, field="key_id")
    if not isinstance(source_id, str) or not source_id:
        raise InvalidData.at(N_("missing id"), file=where, field="id")
    try:
        kind = TargetKind(str(line.get("kind")))
    except ValueError:
        raise InvalidData.at(
            N_("unknown kind {text!r}"), file=where, field="kind", text=line.get("kind")
        ) from None
    tokens = _str_list(line, "tokens", where)
    probes = _str_list(line, "probes", where)
    person = None
    if "person" in line:
        raw = line["person"]
        if not isinstance(raw, dict):
            raise InvalidData.at(N_("must be an object"), file=where, field="person")
        try:
            clks = tuple(base64.b64decode(c, validate=True) for c in _str_list(raw, "clks", where))
        except ValueError:
            raise InvalidData.at(N_("bad base64 CLK"), file=where, field="person.clks") from None
        if any(len(c) != CLK_BITS // 8 for c in clks) or not clks:
            raise InvalidData.at(
                N_("CLKs must be {bits} bits"),
                file=where,
                field="person.clks",
                bits=CLK_BITS,
            )
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
            raise InvalidData.at(
                N_("token not made with key {key_id!r}"), file=where, field="tokens", key_id=key_id
            )
    if not tokens and person is None:
        raise InvalidData.at(N_("token line has nothing to match on"), file=where)
    return TargetSpec(
        kind=kind,
        keys=tuple(tokens),
        source_id=source_id,
        probes=tuple(probes),
        blind_person=person,
        key_id=key_id,
    )
