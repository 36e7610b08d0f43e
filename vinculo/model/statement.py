"""A statement is one property value of one entity, with its provenance.

Entities are never stored as rows: an entity is the sum of the statements a
principal may see. Statements are never updated in place; a correction is a
new statement and a retraction is recorded beside the old one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from vinculo.model.marking import Grading, Marking

#: The pseudo-property that records an entity's schema, as in FtM statements.
SCHEMA_PROP = "id"
#: Joins the parts of a statement id's key (the ASCII unit separator).
ID_SEP = "\x1f"


def statement_id(dataset: str, entity_id: str, prop: str, value: str, agency: str) -> str:
    """Deterministic id, so that re-importing the same fact adds nothing."""
    key = ID_SEP.join((dataset, entity_id, prop, value, agency))
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Statement:
    entity_id: str
    schema: str
    prop: str
    value: str
    dataset: str
    agency: str
    prop_type: str = "string"
    source_record: str | None = None
    collected: date | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    grading: Grading = field(default_factory=Grading)
    marking: Marking = field(default_factory=Marking)
    lang: str | None = None
    original_value: str | None = None
    retracted: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            sid = statement_id(self.dataset, self.entity_id, self.prop, self.value, self.agency)
            object.__setattr__(self, "id", sid)
