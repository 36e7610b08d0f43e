"""A phonetic key for names as Spanish speakers write them.

English-centred keys (Soundex, Metaphone) split "Javier" from "Xavier" and
join letters Spanish keeps apart. This key folds the spellings a Mexican or
U.S. clerk produces for one spoken name: b/v, s/z/c(e,i), ll/y, j/g(e,i), x/j,
silent h, qu/k/c(a,o,u), doubled letters, and final i/y. It is used for
blocking in the screening index and as a matching feature.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vinculo.names.normalize import fold

__all__ = ["phonetic_key"]

# Ordered rewrites on folded lowercase ASCII; uppercase letters in the output
# are internal symbols (C = the "ch" sound, K = the "k" sound) so later rules
# do not touch them.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"ch", "C"),
        (r"sh", "C"),
        (r"ph", "f"),
        (r"th", "t"),
        (r"gu(?=[ei])", "G"),  # guerra, guillermo: hard g
        (r"qu(?=[ei])", "K"),
        (r"q", "K"),
        (r"c(?=[ei])", "s"),
        (r"cc", "Ks"),
        (r"k", "K"),
        (r"c", "K"),
        (r"g(?=[ei])", "j"),
        (r"x", "j"),  # Ximena, Mexia, Xavier
        (r"G", "g"),
        (r"z", "s"),
        (r"v", "b"),
        (r"w", "u"),
        (r"ll", "y"),
        (r"y(?![aeiou])", "i"),  # final or pre-consonant y sounds as i
        (r"h", ""),  # silent h (after ch/sh/ph/th are gone)
        (r"(.)\1+", r"\1"),  # doubled letters: rr, nn, ss
        (r"n(?=[bp])", "m"),  # anv/amb sound the same
    )
)


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Phonetic key of one name token ("Xavier" and "Javier" both give "jabier")."""
    word = fold(token).replace(" ", "")
    if word.isdigit():
        return word
    for pattern, repl in _RULES:
        word = pattern.sub(repl, word)
    return word.lower()
