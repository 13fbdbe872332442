"""Background jobs of the web app: a small bounded thread pool whose progress survives a reload.

A job belongs to a folder (one plan video's folder for a video check) and writes its
status to ``job.json`` there: state (queued, running, done, failed), a fraction done, the
current step and, when it failed, the error in every language. The page polls that status,
so a reload, another tab or another user sees the same job. A status file that says
"running" while no job runs in this process belongs to a server that stopped in the middle:
it reads as failed, with a message that says so.

One folder has at most one job at a time; submitting again while one is queued or running
returns the job that is already there.

    runner = runner_for(web_state)
    status = runner.submit(folder, work)          # work(progress) runs in the pool
    runner.status(folder)                         # JobStatus | None
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import queue
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, Protocol

from reelwise.errors import ReelwiseError
from reelwise.i18n import LANGUAGES, N_, Msg

log = logging.getLogger(__name__)

STATUS_FILE: Final = "job.json"
RUNNER_KEY: Final = "runner"  # the runner's key in WebState.jobs

STEP_QUEUED: Final = N_("Waiting for a free worker")
STEP_DONE: Final = N_("Done")
STEP_FAILED: Final = N_("Failed")
INTERRUPTED: Final = N_("The check was interrupted because the server stopped. Start it again.")
UNEXPECTED: Final = N_("The check stopped on an unexpected error: {reason}")


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def active(self) -> bool:
        return self in (JobState.QUEUED, JobState.RUNNING)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


@dataclass(frozen=True)
class JobStatus:
    """What a job is doing. ``step`` is an English message id, translated when shown."""

    id: str
    state: JobState
    fraction: float = 0.0
    step: str = STEP_QUEUED
    error: Mapping[str, str] | None = None  # the error message per language
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # whatever the submitter wants kept with it

    @property
    def percent(self) -> int:
        return round(100 * max(0.0, min(1.0, self.fraction)))

    def error_in(self, lang: str) -> str | None:
        if not self.error:
            return None
        return self.error.get(lang) or self.error.get("en") or next(iter(self.error.values()), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state.value,
            "fraction": round(self.fraction, 4),
            "step": self.step,
            "error": dict(self.error) if self.error else None,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobStatus:
        error = data.get("error")
        return cls(
            id=str(data.get("id") or ""),
            state=JobState(str(data.get("state"))),
            fraction=float(data.get("fraction") or 0.0),
            step=str(data.get("step") or ""),
            error={str(k): str(v) for k, v in error.items()} if isinstance(error, dict) else None,
            created_at=data.get("created_at"),
            started_at=data.get("started_at"),
            finished_at=data.get("finished_at"),
            extra=dict(data.get("extra") or {}),
        )


class Progress(Protocol):
    def __call__(self, fraction: float, step: str | None = None) -> None: ...


Work = Callable[[Progress], None]


def render_everywhere(message: Msg) -> dict[str, str]:
    """A message in every language the app speaks (a job's error outlives the request)."""
    return {lang: message.render(lang) for lang in LANGUAGES}


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def default_workers() -> int:
    """Half the cores, at least one: a check already decodes with several threads."""
    return max(1, (os.cpu_count() or 2) // 2)


class JobRunner:
    """A bounded pool of worker threads with one status file per job folder.

    The workers are daemon threads: stopping the server does not wait for a long check
    (its status file then says it was interrupted, and the page offers to start it again).
    """

    def __init__(self, workers: int | None = None, clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.workers = workers or default_workers()
        self.clock = clock
        self._lock = threading.Lock()
        self._active: dict[Path, JobStatus] = {}
        self._finished: dict[Path, threading.Event] = {}
        self._last_write: dict[Path, float] = {}
        self._queue: queue.Queue[tuple[Path, Work] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def _start_workers(self) -> None:  # called with the lock held
        while len(self._threads) < self.workers:
            thread = threading.Thread(
                target=self._worker, args=(self._queue,), name=f"reelwise-job-{len(self._threads)}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _worker(self, jobs: queue.Queue[tuple[Path, Work] | None]) -> None:
        while True:
            item = jobs.get()
            if item is None:
                return
            self._run(*item)

    def submit(self, folder: Path, work: Work, extra: Mapping[str, Any] | None = None) -> JobStatus:
        """Queue ``work`` for ``folder``; the job already queued or running there when there is one."""
        key = folder.resolve()
        with self._lock:
            current = self._active.get(key)
            if current is not None:
                return current
            status = JobStatus(
                id=secrets.token_urlsafe(9),
                state=JobState.QUEUED,
                created_at=_iso(self.clock()),
                extra=dict(extra or {}),
            )
            self._active[key] = status
            self._finished[key] = threading.Event()
            self._save(key, status)
            self._start_workers()
            self._queue.put((key, work))
            return status

    def status(self, folder: Path) -> JobStatus | None:
        """The folder's job: the live one, else the last one on disk (None when there never was one)."""
        key = folder.resolve()
        with self._lock:
            live = self._active.get(key)
        if live is not None:
            return live
        data = read_json(key / STATUS_FILE)
        if not isinstance(data, dict):
            return None
        try:
            stored = JobStatus.from_dict(data)
        except ValueError:
            return None
        if stored.state.active:
            # written by a server that is gone: nothing will finish it
            return replace(stored, state=JobState.FAILED, step=STEP_FAILED, error=render_everywhere(Msg(INTERRUPTED)))
        return stored

    def wait(self, folder: Path, timeout: float | None = None) -> JobStatus | None:
        """Block until the folder's job has finished (for tests and scripts); TimeoutError after ``timeout``."""
        with self._lock:
            finished = self._finished.get(folder.resolve())
        if finished is not None and not finished.wait(timeout):
            raise TimeoutError(f"the job in {folder} is still running")
        return self.status(folder)

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> None:
        """Stop the workers once the queued jobs are done (``wait``: block until they are)."""
        with self._lock:
            threads, self._threads = self._threads, []
            jobs, self._queue = self._queue, queue.Queue()
        for _ in threads:
            jobs.put(None)
        if wait:
            for thread in threads:
                thread.join(timeout)

    # -- inside the worker ---------------------------------------------------------------

    def _update(self, key: Path, force: bool = False, **changes: Any) -> None:
        with self._lock:
            current = self._active.get(key)
            if current is None:
                return
            status = replace(current, **changes)
            self._active[key] = status
            now = self.clock().timestamp()
            if force or now - self._last_write.get(key, 0.0) >= 0.5:
                self._last_write[key] = now
                self._save(key, status)

    def _run(self, key: Path, work: Work) -> None:
        self._update(key, force=True, state=JobState.RUNNING, started_at=_iso(self.clock()), fraction=0.0)

        def progress(fraction: float, step: str | None = None) -> None:
            changes: dict[str, Any] = {"fraction": max(0.0, min(1.0, float(fraction)))}
            if step is not None:
                changes["step"] = step
            self._update(key, force=step is not None, **changes)

        final: dict[str, Any]
        try:
            work(progress)
            final = {"state": JobState.DONE, "fraction": 1.0, "step": STEP_DONE}
        except ReelwiseError as exc:
            final = {"state": JobState.FAILED, "step": STEP_FAILED, "error": render_everywhere(exc.message)}
        except Exception as exc:  # a worker must never die silently: the page shows what happened
            log.exception("background job in %s failed", key)
            reason = f"{type(exc).__name__}: {exc}"
            final = {
                "state": JobState.FAILED,
                "step": STEP_FAILED,
                "error": render_everywhere(Msg(UNEXPECTED, reason=reason)),
            }
        final["finished_at"] = _iso(self.clock())
        self._update(key, force=True, **final)
        with self._lock:
            self._active.pop(key, None)
            self._last_write.pop(key, None)
            finished = self._finished.pop(key, None)
        if finished is not None:
            finished.set()

    def _save(self, key: Path, status: JobStatus) -> None:
        try:
            write_json(key / STATUS_FILE, status.to_dict())
        except OSError:
            log.exception("cannot write the job status in %s", key)


# --- work in a child process ------------------------------------------------------------

# A child that reports nothing for this long is stopped. The decode reports each second of
# video and speech recognition each piece it recognises; the longest quiet stretches are
# loading a large speech model and recognising its first 30 s piece on a slow CPU (a minute
# or two), so ten minutes is generous.
STALL_LIMIT_S: Final = 600.0
STALLED: Final = N_("The check made no progress for {minutes} minutes and was stopped. The file may be damaged.")
CRASHED: Final = N_("The check stopped unexpectedly (exit status {status}). The file may be damaged.")


def run_in_child(
    target: Callable[..., None],
    args: tuple[Any, ...],
    progress: Progress,
    stall_limit_s: float = STALL_LIMIT_S,
) -> None:
    """Run ``target(*args, progress)`` in a child process, passing its progress on.

    The child is a fresh interpreter (``spawn``): a decoder that crashes on a damaged or
    hostile file takes down the child, never the web server, and a child that hangs is
    stopped once it has reported no progress for ``stall_limit_s`` seconds, so the jobs
    after it go on. A :class:`ReelwiseError` raised in the child is raised here with the
    same message; a crash or a hang becomes a ``ReelwiseError`` that says what happened.
    ``target`` must be importable by name (a module-level function), ``args`` picklable.
    """
    import multiprocessing
    import time

    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sender, target, args), name="reelwise-job", daemon=True)
    child.start()
    sender.close()
    last_heard = time.monotonic()
    try:
        while True:
            if receiver.poll(1.0):
                try:
                    kind, payload = receiver.recv()
                except (EOFError, OSError):
                    break  # the child is gone
                last_heard = time.monotonic()
                if kind == "progress":
                    progress(*payload)
                elif kind == "done":
                    return
                elif kind == "failed":
                    raise ReelwiseError(payload)
            elif not child.is_alive():
                break
            elif time.monotonic() - last_heard > stall_limit_s:
                raise ReelwiseError(Msg(STALLED, minutes=round(stall_limit_s / 60, 1)))
        child.join(timeout=5)
        raise ReelwiseError(Msg(CRASHED, status=child.exitcode))
    finally:
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
        receiver.close()


def _child_main(sender: Any, target: Callable[..., None], args: tuple[Any, ...]) -> None:
    """The child's side of :func:`run_in_child`."""

    def progress(fraction: float, step: str | None = None) -> None:
        sender.send(("progress", (fraction, step)))

    try:
        target(*args, progress)
    except ReelwiseError as exc:
        sender.send(("failed", exc.message))
    except Exception as exc:  # said in the parent's words, as any job's unexpected error
        sender.send(("failed", Msg(UNEXPECTED, reason=f"{type(exc).__name__}: {exc}")))
    else:
        sender.send(("done", None))
    finally:
        sender.close()


_CREATE = threading.Lock()


def runner_for(state: Any) -> JobRunner:
    """The app's job runner, kept in ``WebState.jobs`` (created on first use)."""
    jobs: dict[str, Any] = state.jobs
    runner = jobs.get(RUNNER_KEY)
    if isinstance(runner, JobRunner):
        return runner
    with _CREATE:
        runner = jobs.get(RUNNER_KEY)
        if not isinstance(runner, JobRunner):
            runner = JobRunner()
            jobs[RUNNER_KEY] = runner
        return runner
