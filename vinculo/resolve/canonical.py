"""Canonical FtM entities built from the source entities a cluster merges.

The FtM convention (nomenklatura, OpenSanctions): the merged entity carries
the canonical id, the union of the source values, the most specific common
schema, and ``referents``, the ids of the source entities it stands for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from followthemoney.exc import InvalidData as FtMInvalidData

from vinculo.exc import InvalidData
from vinculo.i18n import N_
from vinculo.model.schema import get_model
from vinculo.resolve.cluster import Clustering


def _plain(entity: Mapping[str, Any]) -> dict[str, Any]:
    return {k: entity[k] for k in ("id", "schema", "properties") if k in entity}


def canonical_entity(canonical_id: str, entities: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Merge source entities (FtM dicts) into one canonical FtM dict."""
    sources = sorted(entities, key=lambda e: str(e["id"]))
    if not sources:
        raise InvalidData(
            N_("canonical entity {canonical_id} has no source entities"), canonical_id=canonical_id
        )
    model = get_model()
    try:
        merged = model.get_proxy(_plain(sources[0]), cleaned=False)
        for source in sources[1:]:
            merged.merge(model.get_proxy(_plain(source), cleaned=False))
    except FtMInvalidData as exc:
        ids = ", ".join(str(e["id"]) for e in sources)
        raise InvalidData(
            N_("cannot merge {ids} into {canonical_id}: {error}"),
            ids=ids,
            canonical_id=canonical_id,
            error=str(exc),
        ) from exc
    merged.id = canonical_id
    out: dict[str, Any] = merged.to_dict()
    out["referents"] = sorted(str(e["id"]) for e in sources)
    return out


def canonical_entities(
    entities: Iterable[Mapping[str, Any]], clustering: Clustering
) -> Iterator[dict[str, Any]]:
    """One canonical entity per cluster and per unclustered source entity.

    Streams over the entities once, holding only members of multi-entity
    clusters until their cluster is complete.
    """
    pending: dict[str, list[Mapping[str, Any]]] = {}
    for entity in entities:
        eid = str(entity["id"])
        cid = clustering.by_entity.get(eid)
        if cid is None:
            yield canonical_entity(clustering.canonical_of(eid), [entity])
            continue
        group = pending.setdefault(cid, [])
        group.append(entity)
        if len(group) == len(clustering.clusters[cid]):
            yield canonical_entity(cid, pending.pop(cid))
    for cid, group in sorted(pending.items()):
        # Members not among the given entities (e.g. not visible): merge what is here.
        yield canonical_entity(cid, group)
