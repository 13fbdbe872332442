"""The background job runner: one job per folder, progress on disk, clear errors, no hang on exit."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from reelwise.errors import MediaError
from reelwise.i18n import Msg
from reelwise.web.jobs import JobRunner, JobState


def test_one_job_per_folder_and_its_progress_on_disk(tmp_path: Path) -> None:
    runner = JobRunner(workers=1)
    started, release = threading.Event(), threading.Event()

    def slow(progress: Any) -> None:
        progress(0.25, "Watching and listening to the video")
        started.set()
        release.wait(10)

    first = runner.submit(tmp_path, slow)
    assert runner.submit(tmp_path, lambda progress: None).id == first.id  # the running job, not a second one
    assert started.wait(10)
    on_disk = json.loads((tmp_path / "job.json").read_text(encoding="utf-8"))
    assert on_disk["state"] == "running" and on_disk["step"] == "Watching and listening to the video"
    status = runner.status(tmp_path)
    assert status is not None and status.percent == 25
    release.set()
    done = runner.wait(tmp_path, 10)
    assert done is not None and done.state is JobState.DONE and done.fraction == 1.0
    assert JobRunner().status(tmp_path) == done  # another process reads the same from disk
    runner.shutdown()


def test_a_failing_job_keeps_its_message_in_every_language(tmp_path: Path) -> None:
    runner = JobRunner(workers=1)

    def broken(progress: Any) -> None:
        raise MediaError(Msg("There is no uploaded file for video {video} yet.", video="v1"))

    def crashing(progress: Any) -> None:
        raise ZeroDivisionError("division by zero")

    runner.submit(tmp_path / "a", broken)
    runner.submit(tmp_path / "b", crashing)
    failed = runner.wait(tmp_path / "a", 10)
    assert failed is not None and failed.state is JobState.FAILED
    assert failed.error_in("en") == "There is no uploaded file for video v1 yet."
    assert failed.error_in("nl") == "Er is nog geen bestand geüpload voor video v1."
    crashed = runner.wait(tmp_path / "b", 10)
    assert crashed is not None and crashed.state is JobState.FAILED
    assert "ZeroDivisionError: division by zero" in (crashed.error_in("en") or "")
    runner.shutdown()


def test_a_job_left_running_by_a_stopped_server_reads_as_interrupted(tmp_path: Path) -> None:
    (tmp_path / "job.json").write_text(json.dumps({"id": "x", "state": "running", "fraction": 0.5}), encoding="utf-8")
    status = JobRunner().status(tmp_path)
    assert status is not None and status.state is JobState.FAILED
    assert "interrupted" in (status.error_in("en") or "")
    (tmp_path / "job.json").write_text("{not json", encoding="utf-8")
    assert JobRunner().status(tmp_path) is None


def test_stopping_does_not_wait_for_a_running_job_and_the_runner_starts_again(tmp_path: Path) -> None:
    runner = JobRunner(workers=1)
    release = threading.Event()
    runner.submit(tmp_path / "long", lambda progress: release.wait(30) and None)
    runner.shutdown(wait=False)  # returns at once: the worker is a daemon thread
    runner.submit(tmp_path / "next", lambda progress: None)
    release.set()
    done = runner.wait(tmp_path / "next", 10)
    assert done is not None and done.state is JobState.DONE
    runner.shutdown()
