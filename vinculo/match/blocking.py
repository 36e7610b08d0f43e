"""Blocking keys: the cheap keys that bring a record and its variants together.

Each identity word of a name is reduced to its Spanish phonetic key
(Vásquez = Basquez). The screening index posts every name under the keys of
its words; a query word also reaches the keys of indexed words that the
matcher would call the same (hypocorisms and translations through the
lexicon's given-name forms, so Chuy reaches Jesús; typos), so keys need only
folding (the index parses person names once more, for the roles its estimate
reads). (Keying given names by their transitive lexicon cluster instead put
María, Rosa, Linda and Guadalupe under one key, which made every such name
look like a match for every other.) Nicknames, full birth dates
and identifiers are keys of the whole entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from vinculo.match.tokens import MATCH_THRESHOLD, match_any
from vinculo.names import fold, get_lexicon, parse_person_name
from vinculo.names.identifiers import identifier_key
from vinculo.names.phonetic import phonetic_key

__all__ = [
    "MAX_WORDS",
    "date_code",
    "entity_nickname_keys",
    "given_like",
    "identifier_keys",
    "name_words",
    "nickname_key",
    "twin_words",
    "word_key",
]

MAX_WORDS = 8
_MARKED = re.compile(r"[\"'“”‘’«»`(]|\b(?:alias|aka|a\.k\.a|a/k/a)\b", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@lru_cache(maxsize=300_000)
def word_key(word: str) -> str | None:
    """The sound of one folded word, or None for words that carry no identity."""
    lex = get_lexicon()
    if len(word) < 2 or word in lex.particles or word in lex.articles or word in lex.honorifics:
        return None
    if word in lex.suffixes or word in lex.alias_markers:
        return None
    return phonetic_key(word)


@lru_cache(maxsize=300_000)
def given_like(word: str) -> bool:
    """Whether the lexicon knows the folded word as a given name (or a hypocorism of one)."""
    lex = get_lexicon()
    return lex.is_given_name(word) and word not in lex.surname_given


@lru_cache(maxsize=300_000)
def name_words(text: str) -> tuple[str, ...]:
    """The folded identity words of a name (no particles, initials, titles), in order, once."""
    words: list[str] = []
    for word in fold(text).split():
        if word_key(word) is not None and word not in words:
            words.append(word)
    return tuple(words[:MAX_WORDS])


def twin_words(words: Sequence[str]) -> bool:
    """Whether two words of a name could be taken for one another ("William Williams").

    Such a name can agree with a query on one shared word alone (both of its
    words match it), so the index keeps it among the rows a common word reaches.
    """
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if match_any(a, b) >= MATCH_THRESHOLD:
                return True
    return False


def nickname_key(text: str) -> str | None:
    """Key of a nickname: its translation group ("Chapo" = "Shorty"), else its folded words."""
    lex = get_lexicon()
    words = [w for w in fold(text).split() if w not in lex.articles]
    if not words:
        return None
    nick = " ".join(words)
    group = lex.nickname_groups.get(nick)
    return f"~{group}" if group is not None else f"~{nick}"


def entity_nickname_keys(names: Sequence[str], weak_aliases: Iterable[str]) -> set[str]:
    """Nickname keys of an entity: weak aliases, quoted nicknames, one-word nickname names.

    Only names that show a nickname marker are parsed, so keying stays cheap.
    """
    lex = get_lexicon()
    keys = {k for k in map(nickname_key, weak_aliases) if k}
    for name in names:
        if _MARKED.search(name):
            keys.update(k for k in map(nickname_key, parse_person_name(name).nicknames) if k)
        words = fold(name).split()
        core = [w for w in words if w not in lex.articles]
        if len(core) == 1 and core[0] in lex.nickname_groups and not lex.is_given_name(core[0]):
            key = nickname_key(name)
            if key:
                keys.add(key)
    return keys


def identifier_keys(
    props: Mapping[str, Sequence[str]], id_props: Mapping[str, str | None]
) -> set[str]:
    """Canonical identifier keys ("curp:...", "passport:...") of an entity's properties."""
    keys: set[str] = set()
    for prop, kind in id_props.items():
        for value in props.get(prop, ()):
            ident = identifier_key(value, kind)
            keys.add(f"#{ident.kind}:{ident.value}")
    return keys


def date_code(value: str) -> int:
    """A birth date as an int: YYYYMMDD, YYYYMM00 or YYYY0000 when partial, 0 when unreadable."""
    m = _DATE.match(value.strip())
    if m is None:
        return 0
    return int(m.group(1)) * 10000 + int(m.group(2) or 0) * 100 + int(m.group(3) or 0)
