"""Entity matching and screening: ``compare`` two records, ``ScreeningIndex`` for "who is this?".

Built on :mod:`vinculo.names`. Weights are fitted offline by
``scripts/train_matcher.py`` and shipped in ``data/model.json``.
"""

from vinculo.match.analysis import EntityAnalysis, analyze
from vinculo.match.compare import Contribution, MatchResult, compare, compare_analyses
from vinculo.match.index import Candidate, ScreeningIndex, query_entity

__all__ = [
    "Candidate",
    "Contribution",
    "EntityAnalysis",
    "MatchResult",
    "ScreeningIndex",
    "analyze",
    "compare",
    "compare_analyses",
    "query_entity",
]
