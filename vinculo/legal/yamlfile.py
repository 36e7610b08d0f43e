"""YAML that remembers where each mapping began.

Rule and example files are edited by lawyers and analysts, so a mistake must
be reported with its file and line (`vinculo.exc.InvalidData.at`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vinculo.exc import InvalidData, Text
from vinculo.i18n import N_

LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path) -> Any:
    """Parse ``path``; every mapping gets its first line under ``__line__``."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InvalidData.at(
            N_("not valid YAML: {error}"), file=str(path), line=line, error=str(err)
        ) from None


def strip(value: Any) -> Any:
    """The same data without the line markers (for output and equality)."""
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


class Reader:
    """Typed access to one mapping of a file, raising located errors."""

    def __init__(self, data: Any, path: Path, what: str | Text) -> None:
        """``what`` is a key of the file, or a `Message` describing a whole file."""
        if not isinstance(data, dict):
            raise InvalidData.at(N_("expected a mapping for {what}"), file=str(path), what=what)
        self.data: dict[str, Any] = data
        self.path = path
        self.line: int | None = data.get(LINE)

    def error(
        self, message: str | Text, field: str | None = None, /, **params: object
    ) -> InvalidData:
        """A template marked with ``N_`` and its values (or a carried `Text`), located here."""
        return InvalidData.at(message, file=str(self.path), line=self.line, field=field, **params)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value is None else value

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.error(N_("missing"), key)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(N_("expected text"), key)
        return str(value).strip()

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return (str(value),)
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise self.error(N_("expected a list of text"), key)
        return tuple(str(v).strip() for v in value)

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(N_("expected a whole number >= 0"), key)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(N_("expected true or false"), key)
        return value

    def mappings(self, key: str) -> list[Reader]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise self.error(N_("expected a list"), key)
        return [Reader(item, self.path, key) for item in value]
