"""Work for a child process in the job tests: importable by name, as a spawned child needs."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

from reelwise.errors import MediaError
from reelwise.i18n import Msg

Progress = Callable[..., None]


def report_and_finish(marker: str, progress: Progress) -> None:
    progress(0.25, "Watching and listening to the video")
    progress(0.75)
    with open(marker, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))


def fail_clearly(name: str, progress: Progress) -> None:
    progress(0.1)
    raise MediaError(Msg("{file} is empty (0 bytes)", file=name))


def crash(progress: Progress) -> None:
    progress(0.1)
    os.kill(os.getpid(), signal.SIGSEGV)  # as a decoder crashing on a hostile file would


def hang(progress: Progress) -> None:
    progress(0.1)
    time.sleep(120)
