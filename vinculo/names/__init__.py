"""Name intelligence for vinculo: parsing, folding, phonetics, nicknames, identifiers.

Pure functions over strings and the curated lists in ``data/`` (no database,
no network), so that matching, screening and deconfliction share one reading
of a name.
"""

from vinculo.names.identifiers import (
    CurpInfo,
    Identifier,
    curp_name_letters,
    decode_curp,
    identifier_key,
    normalize_passport,
    normalize_phone,
    normalize_plate,
    validate_curp,
    validate_rfc,
)
from vinculo.names.lexicon import Lexicon, get_lexicon
from vinculo.names.normalize import fold, fold_tokens
from vinculo.names.org import OrgName, parse_org_name
from vinculo.names.parse import PersonName, parse_person_name
from vinculo.names.phonetic import phonetic_key

__all__ = [
    "CurpInfo",
    "Identifier",
    "Lexicon",
    "OrgName",
    "PersonName",
    "curp_name_letters",
    "decode_curp",
    "fold",
    "fold_tokens",
    "get_lexicon",
    "identifier_key",
    "normalize_passport",
    "normalize_phone",
    "normalize_plate",
    "parse_org_name",
    "parse_person_name",
    "phonetic_key",
    "validate_curp",
    "validate_rfc",
]
