#!/bin/sh
# Conjunction screening benchmark: Perigee against astroz on the same catalog, window and threshold.
# usage: Benchmarks/run-conjunctions.sh [CATALOG] [START] [MINUTES] [THRESHOLD_KM]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
catalog=${1:-/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt}
start=${2:-2023-10-09T12:00:00Z}
minutes=${3:-1440}
threshold=${4:-5}
python=${PYTHON:-/tmp/anchors-venv/bin/python}
cd "$here"
PERIGEE_WITHOUT_CATALOG=1 PERIGEE_TARGET_CPU=${PERIGEE_TARGET_CPU:-skylake-avx512} swift build -c release --product perigee >/dev/null
"$python" Benchmarks/conjunctions_anchor.py "$catalog" "$start" "$minutes" "$threshold" "$here/.build/release/perigee"
