"""How many rows some tables hold: what a refused import must leave exactly as it was."""

from __future__ import annotations

from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select


def row_counts(engine: Engine, tables: tuple[type[SQLModel], ...]) -> dict[str, int]:
    """The number of rows of each of ``tables``, by model name."""
    with Session(engine) as session:
        return {
            model.__name__: int(session.exec(select(func.count()).select_from(model)).one())
            for model in tables
        }
