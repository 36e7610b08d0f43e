"""Parsing person names into given names, surnames, initials and nicknames.

Mexican names carry two surnames (paternal, then maternal) and agencies write
them in several forms: "GUZMAN LOERA, Joaquin Archivaldo" (OFAC, surnames
first), "Joaquín Archivaldo Guzmán Loera" (natural order), "Joaquin
Guzman-Loera" (hyphen joining the surnames), "LOERA, Joaquin G." (a U.S. form
that files the maternal surname as the last name and keeps the paternal one as
an initial) and "Joaquin 'El Chapo' Guzman" (nickname inside the name). The
parse records what the form says and nothing more: where the form is
ambiguous the matcher, not the parser, weighs the alternatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from vinculo.names.lexicon import Lexicon, get_lexicon
from vinculo.names.normalize import fold

__all__ = ["PersonName", "parse_person_name"]

Form = Literal["comma", "natural", "nickname", "empty"]

_QUOTED = re.compile(r"[\"'“”‘’«»`]\s*([^\"'“”‘’«»`]+?)\s*[\"'“”‘’«»`]")
_PAREN = re.compile(r"\(([^)]*)\)")
_HYPHENATED = re.compile(r"(\w+)\s*-\s*(\w+)\s*$")
_UPPER_WORD = re.compile(r"^[^\W\d_]{2,}$")
_CAPS_WORD = re.compile(r"[^\W\d_a-z]{2,}")
_HAS_MARKS = re.compile(r"[\"'“”‘’«»`(]")


@lru_cache(maxsize=4)
def _alias_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(m) for m in markers) + r")\b")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split into its parts, every part folded to lowercase ASCII.

    Multi-word parts keep their particles ("de la cruz", "de jesus").
    ``paternal`` is None when the form names only the maternal surname
    ("LOERA, Joaquin G."); ``initials`` are single letters whose role the form
    does not settle.
    """

    original: str
    given: tuple[str, ...] = ()
    paternal: str | None = None
    maternal: str | None = None
    initials: tuple[str, ...] = ()
    suffix: str | None = None
    nicknames: tuple[str, ...] = ()
    form: Form = "empty"
    surnames_marked: bool = field(default=False, compare=False)

    @property
    def surnames(self) -> tuple[str, ...]:
        return tuple(s for s in (self.paternal, self.maternal) if s)

    def display(self) -> str:
        """A readable rendering: given names, then surnames, then nicknames."""
        parts = [*self.given, *(f"{i}." for i in self.initials), *self.surnames]
        text = " ".join(parts).title()
        if self.suffix:
            text += f" {self.suffix.title()}"
        if self.nicknames:
            text += "".join(f' "{n.title()}"' for n in self.nicknames)
        return text.strip()


def _clean_nickname(text: str, lex: Lexicon) -> str:
    words = fold(text).split()
    while words and words[0] in lex.articles:
        words = words[1:]
    return " ".join(words)


def _split_nicknames(text: str, lex: Lexicon) -> tuple[str, list[str], str | None]:
    """Take quoted, parenthesised and "alias ..." nicknames out of a name."""
    nicknames: list[str] = []
    suffix: str | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal suffix
        inner = fold(match.group(1))
        if inner in lex.suffixes:
            suffix = inner
        elif inner:
            nicknames.append(_clean_nickname(match.group(1), lex))
        return " "

    if _HAS_MARKS.search(text):
        text = _QUOTED.sub(take, text)
        text = _PAREN.sub(take, text)
    folded = fold(text)
    if not _alias_pattern(lex.alias_markers).search(folded):
        return text, [n for n in nicknames if n], suffix
    folded_words = folded.split()
    for marker in lex.alias_markers:
        marker_words = marker.split()
        width = len(marker_words)
        for start in range(len(folded_words) - width + 1):
            if folded_words[start : start + width] == marker_words:
                rest = " ".join(folded_words[start + width :])
                if rest:
                    nicknames.append(_clean_nickname(rest, lex))
                text = _cut_words(text, start)
                return text, [n for n in nicknames if n], suffix
    return text, [n for n in nicknames if n], suffix


def _cut_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text`` (by folded word boundaries)."""
    kept: list[str] = []
    for raw in text.replace("-", " ").split():
        if len(kept) >= count:
            break
        if fold(raw):
            kept.append(raw)
    return " ".join(kept)


def _words(text: str) -> list[str]:
    """Folded words of a name part, with dotted initials split: "J.L." -> j l."""
    return fold(text.replace(".", " ")).split()


def _group_particles(words: list[str], lex: Lexicon) -> list[str]:
    """Attach particles to the word that follows them: de la cruz -> one part."""
    groups: list[str] = []
    pending: list[str] = []
    for word in words:
        if word in lex.particles:
            if word in ("y", "e") and not pending and groups:
                continue  # "Ortega y Gasset": a connector, not a particle
            pending.append(word)
            continue
        groups.append(" ".join([*pending, word]))
        pending = []
    return groups


def _strip_titles(words: list[str], lex: Lexicon) -> tuple[list[str], str | None]:
    suffix = None
    kept: list[str] = []
    for word in words:
        if word in lex.suffixes and kept:
            suffix = word
        elif word in lex.honorifics and not kept:
            continue
        else:
            kept.append(word)
    return kept, suffix


def _initials(words: list[str]) -> tuple[list[str], list[str]]:
    """Split single letters (initials) from full words; "y"/"e" stay connectors."""
    full = [w for w in words if len(w) > 1 or w.isdigit() or w in ("y", "e")]
    single = [w for w in words if len(w) == 1 and not w.isdigit() and w not in ("y", "e")]
    return full, single


def _parse_comma(name: str, lex: Lexicon) -> dict[str, object]:
    left, _, right = name.partition(",")
    right = right.replace(",", " ")
    surname_words, suffix_a = _strip_titles(_words(left), lex)
    given_words, suffix_b = _strip_titles(_words(right), lex)
    surname_words, surname_initials = _initials(surname_words)
    given_full, given_initials = _initials(given_words)
    surnames = _group_particles(surname_words, lex)
    given = _group_parts_given(given_full, lex)
    result: dict[str, object] = {
        "given": tuple(given),
        "initials": tuple(surname_initials + given_initials),
        "suffix": suffix_a or suffix_b,
        "form": "comma",
    }
    # "LOERA, Joaquin G.": a trailing initial after the given names stands for
    # the paternal surname, and the one surname written is the maternal one.
    last_is_initial = bool(_words(right)) and len(_words(right)[-1]) == 1
    if len(surnames) == 1 and given and given_initials and last_is_initial:
        result["maternal"] = surnames[0]
    elif surnames:
        result["paternal"] = surnames[0]
        if len(surnames) > 1:
            result["maternal"] = " ".join(surnames[1:])
    return result


def _group_parts_given(words: list[str], lex: Lexicon) -> list[str]:
    return _group_particles(words, lex)


def _marked_surnames(text: str) -> list[bool] | None:
    """Per word, whether it is written in capitals among mixed-case words."""
    if text.isupper() or text.islower() or not _CAPS_WORD.search(text):
        return None
    raw = [w for w in re.split(r"[^\w]+", text) if fold(w)]
    flags = [bool(_UPPER_WORD.match(w)) and w.isupper() for w in raw]
    mixed = [w for w, f in zip(raw, flags, strict=True) if not f]
    if any(flags) and mixed and all(w[:1].isupper() for w in mixed if len(w) > 1):
        return flags
    return None


def _parse_natural(name: str, lex: Lexicon) -> dict[str, object]:
    hyphen = _HYPHENATED.search(name)
    marks = _marked_surnames(name)
    words, suffix = _strip_titles(_words(name), lex)
    result: dict[str, object] = {"suffix": suffix, "form": "natural"}
    if marks is not None and len(marks) == len(_words(name)):
        raw_words = _words(name)
        given_w = [w for w, m in zip(raw_words, marks, strict=True) if not m and w in words]
        surname_w = [w for w, m in zip(raw_words, marks, strict=True) if m and w in words]
        given_full, initials = _initials(given_w)
        surnames = _group_particles(surname_w, lex)
        result.update(given=tuple(_group_particles(given_full, lex)), initials=tuple(initials))
        if surnames:
            result["paternal"] = surnames[0]
            if len(surnames) > 1:
                result["maternal"] = " ".join(surnames[1:])
        result["surnames_marked"] = True
        return result
    full, initials = _initials(words)
    groups = _group_particles(full, lex)
    result["initials"] = tuple(initials)
    if not groups:
        return result
    leading_initials = bool(initials) and bool(words) and len(words[0]) == 1
    if leading_initials and len(groups) <= 2:
        # "J. L. Ortega y Gasset": initials stand for the given names.
        result["paternal"] = groups[0]
        if len(groups) > 1:
            result["maternal"] = groups[1]
        return result
    if len(groups) == 1:
        if lex.is_given_name(groups[0]):
            result["given"] = (groups[0],)
        else:
            result["paternal"] = groups[0]
        return result
    if len(groups) == 2:
        surnames = groups[1:]
        given = groups[:1]
    elif len(groups) == 3 and not hyphen and _looks_given(groups[1], lex):
        given, surnames = groups[:2], groups[2:]
    else:
        given, surnames = groups[:-2], groups[-2:]
    result["given"] = tuple(given)
    result["paternal"] = surnames[0]
    if len(surnames) > 1:
        result["maternal"] = surnames[1]
    return result


def _looks_given(word: str, lex: Lexicon) -> bool:
    core = word.split()[-1]
    return lex.is_given_name(core) and core not in lex.surname_given


@lru_cache(maxsize=100_000)
def parse_person_name(text: str) -> PersonName:
    """Parse one written form of a person's name (see the module docstring)."""
    lex = get_lexicon()
    name, nicknames, suffix = _split_nicknames(text, lex)
    words = _words(name)
    if not words:
        form: Form = "nickname" if nicknames else "empty"
        return PersonName(original=text, nicknames=tuple(nicknames), suffix=suffix, form=form)
    if "," not in name and words[0] in lex.articles and len(words) <= 3:
        nick = _clean_nickname(name, lex)
        return PersonName(
            original=text, nicknames=(*nicknames, nick), suffix=suffix, form="nickname"
        )
    parts = _parse_comma(name, lex) if "," in name else _parse_natural(name, lex)
    return PersonName(
        original=text,
        given=parts.get("given", ()),  # type: ignore[arg-type]
        paternal=parts.get("paternal"),  # type: ignore[arg-type]
        maternal=parts.get("maternal"),  # type: ignore[arg-type]
        initials=parts.get("initials", ()),  # type: ignore[arg-type]
        suffix=parts.get("suffix") or suffix,  # type: ignore[arg-type]
        nicknames=tuple(nicknames),
        form=parts["form"],  # type: ignore[arg-type]
        surnames_marked=bool(parts.get("surnames_marked", False)),
    )
