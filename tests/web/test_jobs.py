"""The background job runner: one job per folder, progress on disk, clear errors, no hang on exit."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reelwise.errors import MediaError, ReelwiseError
from reelwise.i18n import Msg
from reelwise.web.jobs import JobRunner, JobState, run_in_child


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


def test_work_in_a_child_process_passes_its_progress_and_finishes(tmp_path: Path) -> None:
    from tests.web.childjobs import report_and_finish

    seen: list[tuple[float, str | None]] = []
    marker = tmp_path / "done.txt"
    run_in_child(report_and_finish, (str(marker),), lambda f, s=None: seen.append((f, s)))
    assert seen == [(0.25, "Watching and listening to the video"), (0.75, None)]
    assert marker.read_text() != str(os.getpid())  # it ran in another process


def test_an_error_in_the_child_keeps_its_message() -> None:
    from tests.web.childjobs import fail_clearly

    with pytest.raises(ReelwiseError) as caught:
        run_in_child(fail_clearly, ("ad.mp4",), lambda *a: None)
    assert caught.value.render("en") == "ad.mp4 is empty (0 bytes)"
    assert caught.value.render("nl") != caught.value.render("en")


def test_a_crash_in_the_child_is_a_clear_failure_and_the_runner_goes_on(tmp_path: Path) -> None:
    from tests.web.childjobs import crash, report_and_finish

    runner = JobRunner(workers=1)
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    good.mkdir()
    runner.submit(bad, lambda progress: run_in_child(crash, (), progress))
    runner.submit(good, lambda progress: run_in_child(report_and_finish, (str(good / "x"),), progress))
    first, second = runner.wait(bad, timeout=60), runner.wait(good, timeout=60)
    runner.shutdown()
    assert first is not None and first.state is JobState.FAILED
    assert first.error_in("en") == "The check stopped unexpectedly (exit status -11). The file may be damaged."
    assert "onverwacht" in (first.error_in("nl") or "")
    assert second is not None and second.state is JobState.DONE


def test_a_child_that_hangs_is_stopped() -> None:
    from tests.web.childjobs import hang

    started = time.monotonic()
    with pytest.raises(ReelwiseError, match=r"made no progress for 0\.0 minutes"):
        run_in_child(hang, (), lambda *a: None, stall_limit_s=2.0)
    assert time.monotonic() - started < 30
