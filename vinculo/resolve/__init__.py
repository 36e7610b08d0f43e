"""Identity resolution: judgements as an append-only log, clusters, canonical entities.

`Resolver` keeps the decisions (same / different / unsure, who, when, why)
and derives clusters that never cross a "different"; `xref` runs batch
linkage incrementally and feeds automatic links and the review queue;
`canonical_entity` builds the merged FtM entity with its ``referents``.
"""

from vinculo.resolve.canonical import canonical_entities, canonical_entity
from vinculo.resolve.cluster import ClusterConflict, Clustering, canonical_id, cluster_edges
from vinculo.resolve.judgement import Edge, Judgement, Origin, pair_key
from vinculo.resolve.resolver import EdgeLog, MemoryEdgeLog, Resolver
from vinculo.resolve.xref import (
    Candidate,
    MemoryXrefState,
    XrefResult,
    XrefState,
    review_queue,
    xref,
)

__all__ = [
    "Candidate",
    "ClusterConflict",
    "Clustering",
    "Edge",
    "EdgeLog",
    "Judgement",
    "MemoryEdgeLog",
    "MemoryXrefState",
    "Origin",
    "Resolver",
    "XrefResult",
    "XrefState",
    "canonical_entities",
    "canonical_entity",
    "canonical_id",
    "cluster_edges",
    "pair_key",
    "review_queue",
    "xref",
]
