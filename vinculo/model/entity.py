"""An entity as one principal sees it: the sum of the statements they may see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from followthemoney.exc import InvalidData as FtMInvalidData

from vinculo.model.schema import get_model
from vinculo.model.statement import Statement


@dataclass
class Entity:
    id: str
    schema: str
    statements: list[Statement] = field(default_factory=list)
    referents: list[str] = field(default_factory=list)

    @classmethod
    def from_statements(cls, entity_id: str, statements: Iterable[Statement]) -> Entity:
        stmts = list(statements)
        return cls(entity_id, common_schema(s.schema for s in stmts), stmts)

    @property
    def live(self) -> list[Statement]:
        return [s for s in self.statements if not s.retracted]

    @property
    def properties(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for stmt in self.live:
            values = out.setdefault(stmt.prop, [])
            if stmt.value not in values:
                values.append(stmt.value)
        return out

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    @property
    def caption(self) -> str:
        asserted: dict[str, list[str]] = {}
        for stmt in self.live:
            asserted.setdefault(stmt.prop, []).append(stmt.value)
        return caption_of(self.schema, asserted, self.id)

    @property
    def agencies(self) -> list[str]:
        return sorted({s.agency for s in self.live})

    @property
    def datasets(self) -> list[str]:
        return sorted({s.dataset for s in self.live})

    def to_ftm(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "properties": self.properties,
            "datasets": self.datasets,
        }
        if self.referents:
            data["referents"] = sorted(self.referents)
        return data


def caption_of(schema: str, asserted: Mapping[str, Sequence[str]], fallback: str) -> str:
    """What to call an entity: of the schema's first caption property with a value, the value
    most statements assert, and among equals the fullest; ``asserted`` keeps repeats."""
    found = get_model().get(schema)
    for prop in found.caption if found is not None else ["name"]:
        values = asserted.get(prop)
        if values:
            counts = Counter(values)
            return max(counts, key=lambda v: (counts[v], len(v), v))
    return fallback


@cache
def caption_props() -> frozenset[str]:
    """Every property that names an entity of some schema (what `caption_of` may read)."""
    return frozenset(p for s in get_model().schemata.values() for p in s.caption)


def common_schema(names: Iterable[str]) -> str:
    """The most specific schema that all statements' schemata fit into (FtM's rule)."""
    model = get_model()
    result: str | None = None
    for name in names:
        if result is None or name == result:
            result = name
            continue
        try:
            result = model.common_schema(result, name).name
        except FtMInvalidData:
            # incompatible schemata: keep the first; the conflict shows in the statements
            continue
    return result or "Thing"
