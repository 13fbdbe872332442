"""Subject-aware reframing: window sizes, one window per shot, the subject kept inside,
and the saliency fallback on real pictures."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reelwise.media.reframe import (
    CropWindow,
    SubjectSample,
    crop_size,
    output_size,
    plan_crop,
    saliency_centre,
    step_expression,
)


def evaluate(expression: str, t: float) -> float:
    """FFmpeg's ``gte(t,a)`` steps, evaluated here: the expression the crop filter gets."""
    python = re.sub(r"gte\(t,([0-9.]+)\)", lambda m: "1" if t >= float(m.group(1)) else "0", expression)
    assert re.fullmatch(r"[-0-9+*. ]+", python), expression
    return float(eval(python))


def test_the_largest_window_of_the_shape_inside_the_picture() -> None:
    assert crop_size(1920, 1080, 9 / 16) == (608, 1080)  # a tall slice of a wide picture, even pixels
    assert crop_size(1080, 1920, 4 / 5) == (1080, 1350)  # a wide slice of a tall one
    assert crop_size(1280, 720, 16 / 9) == (1280, 720)  # the same shape: all of it
    assert output_size(9 / 16) == (1080, 1920)
    assert output_size(4 / 5) == (1080, 1350)
    assert output_size(16 / 9, 720) == (1280, 720)
    with pytest.raises(ValueError):
        crop_size(0, 1080, 1.0)


def test_each_shot_gets_a_window_on_its_own_subject() -> None:
    samples = [SubjectSample(t / 2, 0.2, 0.5, face=False) for t in range(0, 8)]  # 0–3.5 s: left
    samples += [SubjectSample(4 + t / 2, 0.85, 0.5, face=False) for t in range(0, 8)]  # 4–7.5 s: right
    plan = plan_crop(samples, [4.0], (1920, 1080), 9 / 16, 8.0)
    assert plan.size == (608, 1080)
    assert [w.start_s for w in plan.windows] == [0.0, 4.0]
    left, right = plan.windows
    assert left.x <= 0.2 * 1920 <= left.x + 608
    assert right.x <= 0.85 * 1920 <= right.x + 608
    assert left.x >= 0 and right.x + 608 <= 1920


def test_faces_win_over_the_salient_part_and_a_shot_without_samples_is_centred() -> None:
    samples = [SubjectSample(0.5, 0.8, 0.5, face=False), SubjectSample(1.0, 0.15, 0.4, face=True)]
    plan = plan_crop(samples, [2.0], (1920, 1080), 1.0, 4.0)
    first, second = plan.windows
    assert first.face and first.x <= 0.15 * 1920 <= first.x + 1080
    assert not second.face and second.x == (1920 - 1080) // 2  # nothing seen in 2–4 s: the middle


def test_a_subject_that_moves_within_a_shot_keeps_the_window_where_it_is_most() -> None:
    # 6 samples on the left, 2 on the right: a fixed window holding the 6
    xs = [0.1, 0.12, 0.11, 0.13, 0.1, 0.12, 0.9, 0.92]
    samples = [SubjectSample(i * 0.5, x, 0.5, face=True) for i, x in enumerate(xs)]
    (window,) = plan_crop(samples, [], (1920, 1080), 9 / 16, 4.0).windows
    assert window.x <= 0.1 * 1920 and window.x + 608 >= 0.13 * 1920


def test_the_step_expression_gives_each_windows_position_at_its_time() -> None:
    windows = [CropWindow(0.0, 100, 0), CropWindow(2.5, 700, 0), CropWindow(4.0, 40, 0)]
    expression = step_expression(windows, "x")
    assert "if(" not in expression  # flat: no nesting
    assert [evaluate(expression, t) for t in (0.0, 2.49, 2.5, 3.9, 4.0, 99.0)] == [100, 100, 700, 700, 40, 40]
    assert step_expression(windows, "y") == "0"


@given(
    source=st.tuples(st.integers(16, 4000), st.integers(16, 4000)),
    aspect=st.sampled_from([9 / 16, 4 / 5, 1.0, 16 / 9, 1.91, 0.3, 3.0]),
    samples=st.lists(st.tuples(st.floats(0, 60), st.floats(0, 1), st.floats(0, 1), st.booleans()), max_size=40),
    cuts=st.lists(st.floats(-5, 70), max_size=12),
)
def test_every_window_lies_inside_the_picture_on_even_pixels(
    source: tuple[int, int],
    aspect: float,
    samples: list[tuple[float, float, float, bool]],
    cuts: list[float],
) -> None:
    plan = plan_crop([SubjectSample(*s) for s in samples], cuts, source, aspect, 60.0)
    cw, ch = plan.size
    assert 2 <= cw <= source[0] and 2 <= ch <= source[1] and cw % 2 == 0 and ch % 2 == 0
    starts = [w.start_s for w in plan.windows]
    assert starts[0] == 0.0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    for w in plan.windows:
        assert 0 <= w.x <= source[0] - cw and 0 <= w.y <= source[1] - ch
        assert w.x % 2 == 0 and w.y % 2 == 0
    for attr in ("x", "y"):
        expression = step_expression(plan.windows, attr)
        for w in plan.windows:
            assert evaluate(expression, w.start_s) == getattr(w, attr)


def test_the_salient_part_of_a_picture_and_none_for_a_flat_one() -> None:
    picture = np.full((360, 640, 3), 90, np.uint8)
    rng = np.random.default_rng(1)
    picture += rng.integers(0, 6, picture.shape, dtype=np.uint8)  # sensor noise
    picture[140:220, 480:560] = (30, 40, 220)  # a red product on the right
    centre = saliency_centre(picture)
    assert centre is not None
    assert centre[0] == pytest.approx(520 / 640, abs=0.04) and centre[1] == pytest.approx(180 / 360, abs=0.05)
    assert saliency_centre(np.full((360, 640, 3), 90, np.uint8)) is None
