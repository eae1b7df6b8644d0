"""Progress bars for long loads (rich), or nothing at all when switched off."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

# Updating a bar per row would cost more than the row: report every this many rows.
STEP = 5_000


class Bars:
    def __init__(self, enabled: bool) -> None:
        self._progress = (
            Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=Console(stderr=True), transient=False)
            if enabled else None
        )

    def __enter__(self) -> Bars:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def task(self, description: str, total: int | None = None) -> Bar:
        if self._progress is None:
            return Bar(None, TaskID(-1))
        return Bar(self._progress, self._progress.add_task(description, total=total))


class Bar:
    def __init__(self, progress: Progress | None, task_id: TaskID) -> None:
        self._progress = progress
        self._task_id = task_id
        self._pending = 0

    def advance(self, count: int = 1) -> None:
        if self._progress is None:
            return
        self._pending += count
        if self._pending >= STEP:
            self._progress.advance(self._task_id, self._pending)
            self._pending = 0

    def done(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task_id, self._pending)
            self._pending = 0
            task = next(t for t in self._progress.tasks if t.id == self._task_id)
            if task.total is None:
                self._progress.update(self._task_id, total=task.completed)
