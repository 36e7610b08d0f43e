"""Blind mode: tokens hide values, match only under the same community key and key id."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vinculo.deconflict.blind import (
    CommunityKey,
    clk,
    dice,
    encode_entity,
    key_file_text,
    load_key_file,
    spec_from_token_line,
)
from vinculo.deconflict.checker import CheckSettings
from vinculo.deconflict.engine import Deconflictor
from vinculo.deconflict.model import MatchKind, Registration
from vinculo.deconflict.person import fallback_score
from vinculo.exc import InvalidData

DEA = Registration("DEA", "case-a", "SA Smith")
FGR = Registration("FGR", "case-b", "Lic. Pérez")
TODAY = date(2025, 4, 1)
KEY = CommunityKey("2025a", b"k" * 32)
OTHER_KEY = CommunityKey("2025a", b"x" * 32)  # same id, different secret
NEXT_KEY = CommunityKey("2025b", b"n" * 32)

CHAPO = {
    "id": "dea-1",
    "schema": "Person",
    "properties": {
        "name": ["GUZMAN LOERA, Joaquin Archivaldo"],
        "birthDate": ["1957-04-04"],
        "phone": ["+52 667 123 4567"],
    },
}
CHAPO_MX = {
    "id": "fgr-9",
    "schema": "Person",
    "properties": {"name": ["Joaquín Archivaldo Guzmán Loera"], "birthDate": ["1957-04-04"]},
}
PHONE_MX = {
    "id": "fgr-10",
    "schema": "Phone",
    "properties": {"number": ["(667) 123-4567"], "country": ["mx"]},
}


def run(
    first: dict[str, Any], second: dict[str, Any], settings: CheckSettings | None = None
) -> Deconflictor:
    d = Deconflictor(settings=settings or CheckSettings(), scorer=fallback_score)
    d.register_targets(DEA, [spec_from_token_line(first)], TODAY)
    d.register_targets(FGR, [spec_from_token_line(second)], TODAY)
    return d


def test_token_line_holds_no_plain_value() -> None:
    text = json.dumps(encode_entity(KEY, CHAPO)).lower()
    for plain in ("guzman", "loera", "joaquin", "1957", "6671234567", "+52"):
        assert plain not in text


def test_same_key_matches_identifier_and_person() -> None:
    d = run(encode_entity(KEY, CHAPO), encode_entity(KEY, PHONE_MX))
    assert [n.match for n in d.notices("FGR")] == [MatchKind.IDENTIFIER]
    d = run(encode_entity(KEY, CHAPO), encode_entity(KEY, CHAPO_MX))
    (notice,) = d.notices("FGR")
    assert notice.match is MatchKind.PERSON and notice.score >= 0.8


def test_tokens_cannot_be_matched_without_the_community_key() -> None:
    """Encoded under another secret, even the same phone and name do not meet."""
    assert run(encode_entity(KEY, CHAPO), encode_entity(OTHER_KEY, PHONE_MX)).notices("FGR") == []
    assert run(encode_entity(KEY, CHAPO), encode_entity(OTHER_KEY, CHAPO_MX)).notices("FGR") == []
    # and the server cannot test a guess without the key: a plain key never equals a token
    guess = {"id": "g", "schema": "Phone", "properties": {"number": ["+526671234567"]}}
    from vinculo.deconflict.extract import target_from_entity

    d = Deconflictor(scorer=fallback_score)
    d.register_targets(DEA, [spec_from_token_line(encode_entity(KEY, CHAPO))], TODAY)
    d.register_targets(FGR, [target_from_entity(guess)], TODAY)
    assert d.notices("FGR") == []


def test_clk_dice_separates_people_only_with_the_right_key() -> None:
    a = clk(KEY, "guzman loera joaquin", ["1957-04-04"])
    b = clk(KEY, "guzman loera joaquin", ["1957-04-04"])
    c = clk(OTHER_KEY, "guzman loera joaquin", ["1957-04-04"])
    d = clk(KEY, "zambada garcia ismael", ["1948-01-01"])
    assert dice(a, b) == 1.0
    assert dice(a, c) < 0.7 and dice(a, d) < 0.7


def test_key_rotation_matches_like_keyed_tokens_only() -> None:
    rotating = CheckSettings(accepted_key_ids=frozenset({"2025a", "2025b"}))
    old_new = run(encode_entity(KEY, CHAPO), encode_entity(NEXT_KEY, PHONE_MX), rotating)
    assert old_new.notices("FGR") == []
    new_new = run(encode_entity(NEXT_KEY, CHAPO), encode_entity(NEXT_KEY, PHONE_MX), rotating)
    assert len(new_new.notices("FGR")) == 1
    after = CheckSettings(accepted_key_ids=frozenset({"2025b"}))
    with pytest.raises(InvalidData):
        run(encode_entity(NEXT_KEY, CHAPO), encode_entity(KEY, PHONE_MX), after)


def test_key_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "community.key"
    path.write_text(key_file_text([KEY, NEXT_KEY], current="2025b"))
    assert load_key_file(path) == NEXT_KEY
    assert load_key_file(path, "2025a") == KEY
    with pytest.raises(InvalidData):
        load_key_file(path, "1999")
    with pytest.raises(InvalidData):
        CommunityKey("short", b"too short")


def test_token_lines_are_validated() -> None:
    line = encode_entity(KEY, CHAPO)
    forged = {**line, "tokens": ["2025b:phone:AAAA"]}
    with pytest.raises(InvalidData):
        spec_from_token_line(forged)
    with pytest.raises(InvalidData):
        spec_from_token_line({**line, "v": 99})
    with pytest.raises(InvalidData):
        spec_from_token_line({**line, "person": {"clks": ["AAAA"], "blocks": []}})
