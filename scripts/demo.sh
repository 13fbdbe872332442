#!/usr/bin/env bash
# `make demo`: run reelwise on the bundled example campaign, say where the results are,
# then start the web app on a seeded demo workspace (DEMO_NO_SERVE=1 stops before that).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=demo-output
PLAN=examples/bakkerij/plan.nl.yaml
CAMPAIGN=zuurdesem-abonnement-lancering
mkdir -p "$OUT"
export REELWISE_DATA="$PWD/$OUT/data"
# Every run starts from the example as shipped: the demo's own workspace from an earlier
# run (and what was done in its web app) is replaced, nothing outside demo-output/.
if [ -d "$REELWISE_DATA" ]; then
  echo "(replacing the demo workspace of an earlier run in $OUT/data)"
  rm -rf "$REELWISE_DATA"
fi
rw() { "$BIN/reelwise" "$@"; }

echo "== Demo media (generated with FFmpeg) =="
"$BIN/python" scripts/make_demo_media.py examples/bakkerij/media

echo; echo "== 1. Validate the example plans (Dutch and English) =="
rw plan validate examples/bakkerij/plan.nl.yaml examples/bakkerij/plan.en.yaml

echo; echo "== 2. Store the plan in a workspace =="
rw workspace show bakkerij >/dev/null 2>&1 || rw workspace create bakkerij
rw plan import "$PLAN" --workspace bakkerij
rw workspace show bakkerij

echo; echo "== 3. Strategy audit over the ten points =="
rw --lang nl audit "$PLAN" --html "$OUT/audit.nl.html"
rw --lang nl audit "$PLAN" --json > "$OUT/audit.nl.json"
rw --lang en audit examples/bakkerij/plan.en.yaml --html "$OUT/audit.en.html" > "$OUT/audit.en.txt"
rw --lang en audit examples/weak/plan.yaml --html "$OUT/audit.weak.html" > "$OUT/audit.weak.txt"
echo "audit reports: $OUT/audit.nl.html, $OUT/audit.en.html, $OUT/audit.weak.html (a deliberately weak plan)"

echo; echo "== 4. Check the example videos (each file is matched to its video in the plan) =="
rw check examples/bakkerij/media/v*.mp4 --plan "$PLAN" --no-speech --html "$OUT/check.html"
rw check examples/bakkerij/media/v*.mp4 --plan "$PLAN" --no-speech --json > "$OUT/check.json"
echo "video reports: $OUT/check.json, $OUT/check.html"

echo; echo "== 4b. Render a platform variant: the 9:16 film as a 4:5 Facebook post, reframed, with an end card =="
rw --lang nl render --plan "$PLAN" --video-id v2-zuurdesem --variant feed \
  -o "$OUT/v2-zuurdesem.facebook.mp4" --force --preset veryfast

echo; echo "== 5. Import real platform exports =="
if [ -d ../shared/data/exports ]; then
  rw import ../shared/data/exports/youtube-studio-shorts-channel/*.csv \
    ../shared/data/exports/tiktok-creator/*.csv --workspace bakkerij --year 2025
else
  echo "(../shared/data/exports is not here: the demo workspace below imports generated exports)"
fi

echo; echo "== 6. Campaign report =="
rw report "$CAMPAIGN" --workspace bakkerij

echo; echo "== 7. Demo workspace for the web app (checked videos, exports, player events, sales, answers, comments, placements, survey) =="
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
echo "Open   http://$HOST:$PORT/w/bakkerij/c/$CAMPAIGN/analytics"
echo "Log in as demo@reelwise.local with password reelwise-demo"
echo "(Ctrl+C stops the server)"
exec "$BIN/reelwise" serve --host "$HOST" --port "$PORT" --data "$OUT/data"
