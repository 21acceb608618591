"""Write-behind for bursts: many requests' new rows in one transaction per short window.

When a room of 100 people all press "Send" at once, 100 request threads would each open a
transaction, insert one row and commit (on SQLite, queueing one by one for the write lock).
Instead each request hands its row to one writer thread and waits; the writer takes every
row that arrives within a few milliseconds (up to ``max_rows``), inserts them in one
transaction and commits once. A request is answered only after its row is committed, so a
success is durable; if the batch fails, each row is retried on its own, so an error
reaches only the request whose row caused it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import weakref
from concurrent.futures import Future
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

logger = logging.getLogger("cyt.batch")
Row = TypeVar("Row", bound=SQLModel)
_STOP = object()


class BatchWriter:
    def __init__(self, engine: Engine, *, window: float = 0.004, max_rows: int = 128) -> None:
        self.engine = engine
        self.window = window
        self.max_rows = max_rows
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.closed = False
        self.batches = 0  # transactions committed (for tests and benchmarks)

    def insert(self, row: Row, timeout: float = 30.0) -> Row:
        """Insert ``row`` and return it (with its id) once committed; raises what failed."""
        if self.closed:
            raise RuntimeError("the batch writer is closed")
        self._start()
        future: Future[SQLModel] = Future()
        self._queue.put((row, future))
        future.result(timeout)
        return row

    def _start(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cyt-batch-writer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            deadline = time.monotonic() + self.window
            while len(batch) < self.max_rows:
                try:
                    more = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                batch.append(more)
            self._write(batch)  # type: ignore[arg-type]

    def _write(self, batch: list[tuple[SQLModel, Future[SQLModel]]]) -> None:
        try:
            with Session(self.engine, expire_on_commit=False) as db:
                db.add_all([row for row, _ in batch])
                db.commit()
            self.batches += 1
        except Exception:
            if len(batch) > 1:
                logger.warning("batch of %d rows failed; writing each on its own", len(batch))
                for row, future in batch:
                    if getattr(row, "id", None) is not None:
                        row.id = None  # set by the failed flush
                    self._write([(row, future)])
                return
            batch[0][1].set_exception(_fresh_error())
            return
        for row, future in batch:
            future.set_result(row)

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        self.closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=10)


def _fresh_error() -> Exception:
    """The exception being handled (for the waiting request to raise)."""
    import sys

    error = sys.exc_info()[1]
    return error if isinstance(error, Exception) else RuntimeError("write failed")


# The writer for each engine, so store functions can find it from their session.
_WRITERS: weakref.WeakKeyDictionary[Engine, BatchWriter] = weakref.WeakKeyDictionary()


def register(engine: Engine, writer: BatchWriter) -> None:
    _WRITERS[engine] = writer


def writer_for(engine: object) -> BatchWriter | None:
    if isinstance(engine, Engine):
        writer = _WRITERS.get(engine)
        if writer is not None and not writer.closed:
            return writer
    return None
