"""One statement sent straight to the database driver, in a transaction of its own: for the busiest write.

A room's answers arrive a few hundred a second. Through the ORM session, each one was four trips to the
database (BEGIN, the insert, COMMIT, and the pool's reset), and on each trip another thread takes
Python's interpreter lock, which then has to be won back. Here the statement is built and compiled
once by SQLAlchemy, from the models, and each answer is one call to the driver in autocommit mode: the
statement is its own transaction, committed when the call returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement

from .database import write_turn


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled for one dialect, with what turns Python values into the driver's parameters."""

    compiled: Any  # sqlalchemy.sql.compiler.SQLCompiler
    processors: dict[str, Callable[[Any], Any]]

    @classmethod
    def compile(cls, statement: ClauseElement, dialect: Dialect) -> DriverStatement:
        compiled = statement.compile(dialect=dialect)
        processors = {}
        for name, bind in compiled.binds.items():
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None:
                processors[name] = processor
        return cls(compiled, processors)

    @property
    def sql(self) -> str:
        return self.compiled.string

    def parameters(self, values: dict[str, Any]) -> tuple | dict[str, Any]:
        """The driver's parameters: the statement's own constants filled in, each value as its column stores it."""
        named = self.compiled.construct_params(values)
        for name, processor in self.processors.items():
            named[name] = processor(named[name])
        if self.compiled.positional:
            return tuple(named[name] for name in self.compiled.positiontup)
        return named


def execute_alone(engine: Engine, statement: DriverStatement, values: dict[str, Any]) -> int:
    """Run the statement in a transaction of its own; the number of rows it wrote.

    Driver errors are raised as SQLAlchemy's (a lost connection is dropped from the pool), so callers
    handle them as they handle the ORM's.
    """
    parameters = statement.parameters(values)
    with _autocommit_cursor(engine) as cursor:
        cursor.execute(statement.sql, parameters)
        return cursor.rowcount


@contextmanager
def _autocommit_cursor(engine: Engine) -> Iterator[Any]:
    driver_error = engine.dialect.loaded_dbapi.Error
    switches_autocommit = engine.dialect.name == "postgresql"  # SQLite's are opened in it (course/database.py)
    pooled = engine.raw_connection()
    driver = pooled.driver_connection
    cursor = None
    try:
        with write_turn(engine):
            if switches_autocommit:
                driver.autocommit = True
            cursor = pooled.cursor()
            try:
                yield cursor
            finally:
                if switches_autocommit:
                    driver.autocommit = False
    except driver_error as error:
        lost = engine.dialect.is_disconnect(error, driver, cursor)
        if lost:
            pooled.invalidate(error)
        raise DBAPIError.instance(None, None, error, driver_error, connection_invalidated=lost) from error
    finally:
        if cursor is not None:
            cursor.close()
        pooled.close()  # back to the pool
