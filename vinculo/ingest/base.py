"""What every reader yields, and the options and summary of an import."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vinculo.exc import InvalidData, Message, Problem, Text
from vinculo.i18n import N_
from vinculo.model.marking import Grading, Marking

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class SourceEntity:
    """One FtM entity as read from a source, with where it came from and overrides."""

    data: dict[str, object]
    source_record: str
    marking: Marking | None = None
    grading: Grading | None = None
    collected: date | None = None


@dataclass
class ImportOptions:
    format: str
    agency: str
    dataset: str
    marking: Marking = field(default_factory=Marking)
    grading: Grading = field(default_factory=Grading)
    collected: date | None = None
    mapping: Path | None = None
    programs: tuple[str, ...] = ()
    title: str | None = None


@dataclass
class ImportSummary:
    dataset: str
    path: str
    format: str
    entities: int = 0
    statements: int = 0
    added: int = 0
    skipped: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


class ProblemCollector:
    """Gathers located problems and raises them together, so a user fixes all at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(
        self,
        message: str | Text,
        /,
        *,
        line: int | None = None,
        field: str | None = None,
        **params: object,
    ) -> None:
        """One problem: a template marked with ``N_`` and its values, or a carried `Text`."""
        text = Message.build(message, params)
        self.problems.append(Problem(text, file=self.path, line=line, field=field))
        if len(self.problems) >= MAX_PROBLEMS:
            self.raise_if_any()

    def raise_if_any(self) -> None:
        if self.problems:
            first, more = self.problems[0], len(self.problems) - 1
            if not more:
                raise InvalidData(first, errors=list(self.problems))
            raise InvalidData(
                N_("{problem} (and {count} more problems)"),
                errors=list(self.problems),
                problem=first,
                count=more,
            )


def read_lines(path: Path, encoding: str = "utf-8") -> Iterator[tuple[int, str]]:
    """Yield (line number, text), decoding strictly so a wrong encoding names its line."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            yield number, decode_line(raw, path, number, encoding)


BOM = b"\xef\xbb\xbf"


def decode_line(raw: bytes, path: Path, number: int, encoding: str = "utf-8") -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidData.at(
            N_(
                "not valid {encoding} (byte {start} of the line); give the right encoding in the "
                "mapping's 'encoding' key"
            ),
            file=str(path),
            line=number,
            encoding=encoding,
            start=exc.start + 1,
        ) from None
