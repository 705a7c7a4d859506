"""What is wrong with an import file, said the way a compiler says it: FILE:LINE: column: message.

An import validates the whole file before it writes anything, so every problem is collected
here rather than raised at the first one; the person fixing the spreadsheet sees the full list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR_LIMIT = 1000
"""How many errors are kept; a file with more is hopeless enough that a count will do."""


@dataclass(frozen=True, slots=True)
class ImportErrorLine:
    """One problem in an import file.

    Attributes:
        file: The file's name as given.
        line: Physical line (1 = header) or spreadsheet row; 0 when it concerns the whole file.
        column: The column as named in the file ('' when the problem is not in one column).
        message: What is wrong and what is expected.
    """

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.column:
            return f"{where}: {self.column}: {self.message}"
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file was not imported because of ``errors``; nothing was written.

    Attributes:
        errors: The problems found, in file order (at most ``ERROR_LIMIT``).
        total: How many problems there were in all.
    """

    def __init__(self, errors: list[ImportErrorLine], total: int | None = None) -> None:
        self.errors = errors
        self.total = len(errors) if total is None else total
        first = str(errors[0]) if errors else "rejected"
        more = f" (and {self.total - 1} more)" if self.total > 1 else ""
        super().__init__(first + more)


@dataclass(slots=True)
class Problems:
    """Collects the errors of one file, keeping the first ``limit`` and counting the rest."""

    file: str
    limit: int = ERROR_LIMIT
    errors: list[ImportErrorLine] = field(default_factory=list)
    total: int = 0

    def add(self, line: int, column: str, message: str) -> None:
        """Record one problem at ``line`` in ``column``."""
        self.total += 1
        if len(self.errors) < self.limit:
            self.errors.append(ImportErrorLine(self.file, line, column, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        """Raise ``ImportRejected`` with everything collected, sorted by line, if anything was."""
        if self.total:
            ordered = sorted(self.errors, key=lambda error: error.line)
            raise ImportRejected(ordered, self.total)


def reject(file: str, line: int, column: str, message: str) -> ImportRejected:
    """A rejection with a single problem, for errors that stop reading the file at once."""
    return ImportRejected([ImportErrorLine(file, line, column, message)])
