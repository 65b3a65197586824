#!/bin/sh
# Conjunction screening benchmark: Perigee against astroz on the same catalog, window and threshold, in one run
# (so both see the same machine load). Lists the events found by one and not the other with a dense check of
# which is right (see conjunctions_anchor.py).
# usage: Benchmarks/run-conjunctions.sh [CATALOG] [START] [MINUTES] [THRESHOLD_KM]
#   1 day:  Benchmarks/run-conjunctions.sh                                    (MINUTES defaults to 1440)
#   7 days: Benchmarks/run-conjunctions.sh "" "" 10080
# The release build goes to its own scratch path per target CPU, so it does not disturb the default .build.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
catalog=${1:-/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt}
start=${2:-2023-10-09T12:00:00Z}
minutes=${3:-1440}
threshold=${4:-5}
[ -n "$catalog" ] || catalog=/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt
[ -n "$start" ] || start=2023-10-09T12:00:00Z
python=${PYTHON:-${PERIGEE_ANCHORS_VENV:-/tmp/anchors-venv}/bin/python}
cpu=${PERIGEE_TARGET_CPU:-skylake-avx512}
scratch="$here/.build-bench-$cpu"
cd "$here"
PERIGEE_WITHOUT_CATALOG=1 PERIGEE_TARGET_CPU=$cpu swift build -c release --product perigee --scratch-path "$scratch" >/dev/null
"$python" Benchmarks/conjunctions_anchor.py "$catalog" "$start" "$minutes" "$threshold" "$scratch/release/perigee"
