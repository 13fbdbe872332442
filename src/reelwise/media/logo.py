"""The brand's logo on screen: when it first appears, for how long and how large.

Entry point: :class:`LogoAnalyser` (a :class:`~reelwise.media.base.FrameAnalyser`)::

    analyser = LogoAnalyser(logo_bgra)     # the logo image (BGRA with transparency is best)
    ... one decode pass ...
    logo = analyser.finish()               # -> LogoTrack
    logo.to_dict()  # {"logo_first_s", "logo_duration_s", "logo_area_share", "logo_big", ...}

How: each sampled frame (every ``interval_s``, denser in the first 5 s) is downscaled to
``work_side`` px and searched for the logo with masked normalised cross-correlation at
``scales`` logo widths (3–60 % of the frame width). The best candidate is verified with
ORB feature matching (a RANSAC homography with enough inliers) — or, for logos too small
to carry features, a very high correlation together with matching colours. A logo counts
as present only when it is found in ``min_votes`` consecutive samples (one missed sample
inside an appearance is bridged), so a single false positive frame never counts. Times
between samples are put halfway. A logo larger than :data:`BIG_LOGO_SHARE` (3.5 % of the
picture) counts as big.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np

from reelwise.media.base import Frame, ImageU8, StreamInfo

BIG_LOGO_SHARE: Final = 0.035
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class LogoHit:
    score: float
    box: Box  # x, y, w, h as fractions of the frame
    verified: bool


@dataclass
class LogoTrack:
    appearances: list[tuple[float, float, float]] = field(default_factory=list)  # start, end, area share
    samples: list[tuple[float, LogoHit | None]] = field(default_factory=list)

    @property
    def first_s(self) -> float | None:
        return round(self.appearances[0][0], 3) if self.appearances else None

    @property
    def duration_s(self) -> float:
        return round(sum(e - s for s, e, _ in self.appearances), 3)

    @property
    def area_share(self) -> float | None:
        return round(max(a for _, _, a in self.appearances), 4) if self.appearances else None

    @property
    def big(self) -> bool:
        return self.area_share is not None and self.area_share > BIG_LOGO_SHARE

    @property
    def in_first_5s(self) -> bool:
        return self.first_s is not None and self.first_s < 5.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "logo_first_s": self.first_s,
            "logo_duration_s": self.duration_s if self.appearances else None,
            "logo_area_share": self.area_share,
            "logo_big": self.big,
            "logo_appearances": [
                {"start_s": round(s, 3), "end_s": round(e, 3), "area_share": round(a, 4)}
                for s, e, a in self.appearances
            ],
        }


def prepare_logo(image: ImageU8) -> tuple[ImageU8, ImageU8]:
    """A logo image (BGR, BGRA or grey) → (BGR cropped to its visible part, mask 0/255)."""
    import cv2

    img: Any = np.asarray(image)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGRA)
    if img.shape[2] == 3:
        alpha = np.full(img.shape[:2], 255, np.uint8)
        bgr = img
    else:
        alpha = img[..., 3]
        bgr = img[..., :3]
    ys, xs = np.nonzero(alpha > 127)
    if len(xs) == 0:
        raise ValueError("the logo image is fully transparent")
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    mask = np.where(alpha[y0:y1, x0:x1] > 127, 255, 0).astype(np.uint8)
    return np.ascontiguousarray(bgr[y0:y1, x0:x1]), mask


class LogoAnalyser:
    """Frame analyser: logo presence, first moment, duration and size."""

    id = "logo"

    def __init__(
        self,
        logo: ImageU8,
        *,
        interval_s: float = 0.5,
        dense_until_s: float = 5.0,
        dense_interval_s: float = 0.5,
        work_side: int = 480,
        scales: tuple[float, ...] | None = None,
        min_score: float = 0.7,
        min_votes: int = 2,
    ) -> None:
        self.logo_bgr, self.mask = prepare_logo(logo)
        self.interval_s = interval_s
        self.dense_until_s = dense_until_s
        self.dense_interval_s = dense_interval_s
        self.work_side = work_side
        self.scales = scales or tuple(float(s) for s in np.geomspace(0.05, 0.6, 14))
        self.min_score = min_score
        self.min_votes = min_votes
        self._orb: Any = None
        self._tmpl_features: Any = None
        self._templates: list[tuple[float, Any, Any]] = []
        self._size: tuple[int, int] | None = None
        self.info: StreamInfo | None = None
        self._next = 0.0
        self._samples: list[tuple[float, LogoHit | None]] = []

    def start(self, info: StreamInfo) -> None:
        self.info = info
        self._next = 0.0
        self._samples = []
        self._templates = []
        self._size = None

    def wants(self, index: int, time_s: float) -> bool:
        return time_s + 1e-6 >= self._next

    def _build_templates(self, width: int, height: int) -> None:
        """Templates for the coarse search: two planes (brightness and a red–blue opponent
        colour, see :func:`_planes`), transparent parts filled with the logo's mean colour so
        the fast unmasked correlation can be used."""
        import cv2

        fill = self.logo_bgr[self.mask > 0].mean(axis=0)
        grey = np.where((self.mask > 0)[..., None], self.logo_bgr, fill).astype(np.uint8)
        lh, lw = grey.shape[:2]
        self._templates = []
        for share in self.scales:
            tw = round(width * share)
            th = round(tw * lh / lw)
            if tw < 12 or th < 6 or tw >= width or th >= height:
                continue
            t = cv2.resize(grey, (tw, th), interpolation=cv2.INTER_AREA)
            if t.std() < 1.0:  # a flat template cannot be correlated
                continue
            t_half = cv2.resize(t, (tw // 2, th // 2), interpolation=cv2.INTER_AREA) if tw >= 48 and th >= 24 else None
            self._templates.append((share, _planes(t), _planes(t_half) if t_half is not None else None))
        self._size = (width, height)

    def _fine(self, image: Any, share: float, cx: float, cy: float) -> tuple[float, Box] | None:
        """Masked colour correlation near a coarse candidate (centre cx, cy in fractions)."""
        import cv2

        ih, iw = image.shape[:2]
        lh, lw = self.logo_bgr.shape[:2]
        best: tuple[float, Box] | None = None
        for f in (0.85, 0.93, 1.0, 1.08, 1.17):
            tw = round(iw * share * f)
            th = round(tw * lh / lw)
            if tw < 8 or th < 4 or tw >= iw or th >= ih:
                continue
            x0 = max(0, int(cx * iw - 0.75 * tw))
            y0 = max(0, int(cy * ih - 0.75 * th))
            x1 = min(iw, int(cx * iw + 0.75 * tw))
            y1 = min(ih, int(cy * ih + 0.75 * th))
            region = image[y0:y1, x0:x1]
            if region.shape[0] < th or region.shape[1] < tw:
                continue
            t = cv2.resize(self.logo_bgr, (tw, th), interpolation=cv2.INTER_AREA)
            m = cv2.resize(self.mask, (tw, th), interpolation=cv2.INTER_NEAREST)
            res = cv2.matchTemplate(region, t, cv2.TM_CCOEFF_NORMED, mask=cv2.merge([m, m, m]))
            res = np.nan_to_num(res, nan=0.0, posinf=0.0, neginf=0.0)
            _, score, _, loc = cv2.minMaxLoc(res)
            if score <= 1.0 + 1e-3 and (best is None or score > best[0]):
                best = (float(score), ((x0 + loc[0]) / iw, (y0 + loc[1]) / ih, tw / iw, th / ih))
        return best

    def detect(self, image_bgr: ImageU8, small: Any = None) -> LogoHit | None:
        """Search one picture for the logo; the best verified candidate or None.

        ``small`` is an optional downscaled copy (``Frame.small()``) for the coarse search.
        """
        import cv2

        h, w = image_bgr.shape[:2]
        if small is None:
            f = min(1.0, 320 / max(h, w))
            small = (
                image_bgr
                if f >= 1
                else cv2.resize(image_bgr, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
            )
        sh, sw = small.shape[:2]
        if self._size != (sw, sh):
            self._build_templates(sw, sh)
        coarse: list[tuple[float, float, float, float]] = []  # score, share, cx, cy
        half = _planes(cv2.resize(small, (max(1, sw // 2), max(1, sh // 2)), interpolation=cv2.INTER_AREA))
        full = _planes(small)
        for share, t, t_half in self._templates:
            # large templates are searched at half size: same answer, a quarter of the work
            pic, tmpl, f = (half, t_half, 2) if t_half is not None else (full, t, 1)
            res = (
                sum(
                    np.nan_to_num(cv2.matchTemplate(p, q, cv2.TM_CCOEFF_NORMED), nan=0.0)
                    for p, q in zip(pic, tmpl, strict=True)
                )
                / 2
            )
            th_, tw_ = tmpl[0].shape[:2]
            for _peak in range(3):  # a few separate peaks per scale
                _, score, _, loc = cv2.minMaxLoc(res)
                if score < 0.35:
                    break
                coarse.append((float(score), share, f * (loc[0] + tw_ / 2) / sw, f * (loc[1] + th_ / 2) / sh))
                x0, y0 = max(0, loc[0] - tw_ // 2), max(0, loc[1] - th_ // 2)
                res[y0 : loc[1] + th_ // 2 + 1, x0 : loc[0] + tw_ // 2 + 1] = -1.0
        coarse.sort(reverse=True)
        kept: list[tuple[float, float, float, float]] = []
        for cand in coarse:  # one candidate per place and size
            if all(
                abs(cand[2] - k[2]) > 0.03 or abs(cand[3] - k[3]) > 0.03 or abs(np.log(cand[1] / k[1])) > 0.25
                for k in kept
            ):
                kept.append(cand)
        coarse = kept
        self.last_coarse = coarse
        scale = min(1.0, self.work_side / max(h, w))
        img = (
            image_bgr
            if scale >= 1
            else cv2.resize(image_bgr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        )
        first: LogoHit | None = None
        for _c, share, cx, cy in coarse[:10]:  # the best few candidates, refined and verified in turn
            fine = self._fine(img, share, cx, cy)
            if fine is None or fine[0] < self.min_score:
                continue
            score, box = fine
            full_box = (box[0] * w, box[1] * h, box[2] * w, box[3] * h)
            hit = LogoHit(score, box, self._verify(image_bgr, full_box, score))
            if hit.verified:
                return hit
            first = first or hit
        return first

    def _verify(self, image_bgr: ImageU8, box: Box, score: float) -> bool:

        x, y, bw, bh = box
        pad = 0.2
        x0, y0 = max(0, int(x - pad * bw)), max(0, int(y - pad * bh))
        x1 = min(image_bgr.shape[1], int(x + (1 + pad) * bw))
        y1 = min(image_bgr.shape[0], int(y + (1 + pad) * bh))
        region = image_bgr[y0:y1, x0:x1]
        if region.size == 0 or not self._colours_match(image_bgr, box):
            return False
        return score >= 0.85 or self._features_match(region, bw)

    def _features_match(self, region: ImageU8, bw: float) -> bool:
        import cv2

        if self._orb is None:
            self._orb = cv2.ORB_create(  # type: ignore[attr-defined]
                nfeatures=500, fastThreshold=10, edgeThreshold=15, patchSize=15
            )
            tmpl: Any = self.logo_bgr
            if max(tmpl.shape[:2]) > 400:
                f = 400 / max(tmpl.shape[:2])
                tmpl = cv2.resize(tmpl, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
            kp, des = self._orb.detectAndCompute(cv2.cvtColor(tmpl, cv2.COLOR_BGR2GRAY), None)
            self._tmpl_features = (kp, des, tmpl.shape[1])
        kp_t, des_t, tmpl_w = self._tmpl_features
        # bring the region to the template's scale so that ORB sees the same detail
        f = tmpl_w / max(bw, 1.0)
        region_s = cv2.resize(region, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)
        kp_r, des_r = self._orb.detectAndCompute(cv2.cvtColor(region_s, cv2.COLOR_BGR2GRAY), None)
        if des_t is not None and des_r is not None and len(kp_t) >= 8 and len(kp_r) >= 8:
            matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
            pairs = matcher.knnMatch(des_t, des_r, k=2)
            good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < 0.8 * p[1].distance]
            if len(good) >= 8:
                src = np.array([kp_t[g.queryIdx].pt for g in good], dtype=np.float32).reshape(-1, 1, 2)
                dst = np.array([kp_r[g.trainIdx].pt for g in good], dtype=np.float32).reshape(-1, 1, 2)
                _h, inliers = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
                if inliers is not None and int(inliers.sum()) >= 10 and inliers.mean() >= 0.3:
                    return True
        return False

    def _colours_match(self, image_bgr: ImageU8, box: Box) -> bool:
        import cv2

        x, y, bw, bh = (round(v) for v in box)
        region = image_bgr[max(0, y) : y + bh, max(0, x) : x + bw]
        if region.size == 0:
            return False
        tmpl = cv2.resize(self.logo_bgr, (region.shape[1], region.shape[0]), interpolation=cv2.INTER_AREA)
        mask = cv2.resize(self.mask, (region.shape[1], region.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
        if not mask.any():
            return False
        k = max(3, (min(region.shape[:2]) // 12) | 1)  # compare colours, not anti-aliased edges
        region_b = cv2.GaussianBlur(region, (k, k), 0).astype(np.float32)
        tmpl_b = cv2.GaussianBlur(tmpl, (k, k), 0).astype(np.float32)
        diff = np.abs(region_b[mask] - tmpl_b[mask]).mean()
        self.last_colour_diff = float(diff)
        return bool(diff < 36)

    def process(self, frame: Frame) -> None:
        t = frame.time_s
        self._next = t + (self.dense_interval_s if t < self.dense_until_s - 1e-6 else self.interval_s)
        hit = self.detect(frame.bgr(), frame.small())
        self._samples.append((t, hit if hit is not None and hit.verified else None))

    def finish(self) -> LogoTrack:
        return LogoTrack(
            vote(self._samples, self.min_votes, self.info.duration_s if self.info else None), list(self._samples)
        )


def _planes(image_bgr: Any) -> tuple[Any, Any]:
    """Brightness and a red–blue opponent plane: cheap single-channel correlation that still
    tells a coloured logo from white text."""
    import cv2

    grey = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2GRAY)
    b, _g, r = cv2.split(image_bgr)
    opponent = cv2.addWeighted(r, 0.5, b, -0.5, 128)
    return grey, opponent


def vote(
    samples: list[tuple[float, LogoHit | None]], min_votes: int = 2, duration_s: float | None = None
) -> list[tuple[float, float, float]]:
    """Turn per-sample detections into appearances (start, end, largest area share)."""
    runs: list[list[int]] = []
    current: list[int] = []
    gap = 0
    for i, (_t, hit) in enumerate(samples):
        if hit is not None:
            current.append(i)
            gap = 0
        elif current:
            gap += 1
            if gap > 1:
                runs.append(current)
                current, gap = [], 0
    if current:
        runs.append(current)
    out: list[tuple[float, float, float]] = []
    times = [t for t, _ in samples]
    for run in runs:
        if len(run) < min_votes:
            continue
        first, last = run[0], run[-1]
        start = (times[first - 1] + times[first]) / 2 if first > 0 else times[first]
        if last + 1 < len(times):
            end = (times[last] + times[last + 1]) / 2
        else:
            end = max(duration_s or times[last], times[last])
        area = max(h.box[2] * h.box[3] for _, h in (samples[i] for i in run) if h is not None)
        out.append((start, end, area))
    return out
