#!/usr/bin/env bash
# `make demo`: run reelwise on the bundled example campaign and say where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=demo-output
PLAN=examples/bakkerij/plan.nl.yaml
mkdir -p "$OUT"
export REELWISE_DATA="$PWD/$OUT/data"

has() { "$BIN/reelwise" "$@" --help >/dev/null 2>&1; }

echo "== Demo media (generated with FFmpeg) =="
"$BIN/python" scripts/make_demo_media.py examples/bakkerij/media

echo; echo "== 1. Validate the example plans (Dutch and English) =="
"$BIN/reelwise" plan validate examples/bakkerij/plan.nl.yaml examples/bakkerij/plan.en.yaml

if has workspace; then
  echo; echo "== 2. Store the plan in a workspace =="
  "$BIN/reelwise" workspace create bakkerij >/dev/null 2>&1 || true
  "$BIN/reelwise" plan import "$PLAN" --workspace bakkerij
  "$BIN/reelwise" workspace show bakkerij
fi

if has audit; then
  echo; echo "== 3. Strategy audit over the ten points =="
  "$BIN/reelwise" --lang nl audit "$PLAN" --html "$OUT/audit.nl.html" --json > "$OUT/audit.nl.json" || true
  "$BIN/reelwise" --lang en audit examples/bakkerij/plan.en.yaml --html "$OUT/audit.en.html" || true
  "$BIN/reelwise" --lang en audit examples/weak/plan.yaml --html "$OUT/audit.weak.html" > "$OUT/audit.weak.txt" || true
fi

if has check; then
  echo; echo "== 4. Check the example videos =="
  "$BIN/reelwise" check examples/bakkerij/media/v*.mp4 --plan "$PLAN" --no-speech \
    --json --html "$OUT/check.html" > "$OUT/check.json" || true
  echo "video reports: $OUT/check.json, $OUT/check.html"
fi

if has import; then
  echo; echo "== 5. Import real platform exports =="
  if [ -d ../shared/data/exports ]; then
    "$BIN/reelwise" import ../shared/data/exports/youtube-studio-shorts-channel/*.csv \
      ../shared/data/exports/tiktok-creator/*.csv --workspace bakkerij --year 2025 || true
  fi
fi

if has report; then
  echo; echo "== 6. Campaign report =="
  "$BIN/reelwise" report "$(basename "$PLAN" .yaml)" --workspace bakkerij --plan "$PLAN" || true
fi

echo; echo "== 7. Demo workspace for the web app (checked videos, exports, player events, sales, answers, survey) =="
"$BIN/python" scripts/seed_demo.py --data "$OUT/data"

echo
echo "Results are in $PWD/$OUT/"
ls -1 "$OUT"

if [ "${DEMO_NO_SERVE:-0}" = "1" ]; then
  exit 0
fi
HOST=127.0.0.1
PORT="${DEMO_PORT:-8000}"
echo
echo "== The web app =="
echo "Open   http://$HOST:$PORT/w/bakkerij/c/zuurdesem-abonnement-lancering/analytics"
echo "Log in as demo@reelwise.local with password reelwise-demo"
echo "(Ctrl+C stops the server)"
exec "$BIN/reelwise" serve --host "$HOST" --port "$PORT" --data "$OUT/data"
