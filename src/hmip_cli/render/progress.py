"""A progress bar on stderr for long imports: only on a terminal, only after the first second."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from hmip_cli.environment import Environment
from hmip_cli.render.output import make_console

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY_SECONDS = 1.0


class _LazyBar:
    """Starts drawing only when work has lasted DELAY_SECONDS, so quick imports stay silent."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < DELAY_SECONDS:
                return
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=make_console(self.env.err, self.env),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total or None)
        assert self.task is not None
        self.bar.update(self.task, description=stage, completed=done, total=total or None)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def progress_on(env: Environment) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress callback when stderr is a terminal; None (no work at all) otherwise."""
    if not env.err_is_terminal:
        yield None
        return
    bar = _LazyBar(env)
    try:
        yield bar
    finally:
        bar.stop()
