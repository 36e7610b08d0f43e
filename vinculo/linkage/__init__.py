"""Batch linkage: candidate generation and Fellegi–Sunter scoring on an engine.

DuckDB (embedded, default) and Spark (``vinculo.linkage.spark``, imported
only when used) run the same named-step SQL and the same splink model.
"""

from vinculo.linkage.base import FEATURE_SCHEMA, LinkageEngine, features_to_arrow
from vinculo.linkage.dialects import Dialect, dialect_for
from vinculo.linkage.duckdb import DuckDBEngine
from vinculo.linkage.features import entity_features, inline_addresses, kind_of
from vinculo.linkage.linker import BatchLinker, Rescorer, ScoredPair, Thresholds
from vinculo.linkage.model import train_model
from vinculo.linkage.pipeline import BLOCKING_RULES, DEFAULT_RULES, Pipeline, candidate_pipeline
from vinculo.linkage.table import feature_table

__all__ = [
    "BLOCKING_RULES",
    "DEFAULT_RULES",
    "FEATURE_SCHEMA",
    "BatchLinker",
    "Dialect",
    "DuckDBEngine",
    "LinkageEngine",
    "Pipeline",
    "Rescorer",
    "ScoredPair",
    "Thresholds",
    "candidate_pipeline",
    "dialect_for",
    "entity_features",
    "feature_table",
    "features_to_arrow",
    "inline_addresses",
    "kind_of",
    "train_model",
]
