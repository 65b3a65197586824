#!/usr/bin/env bash
# Side-by-side SGP4 speed: Perigee (batch and scalar; default, AVX2 and AVX-512 builds) against python-sgp4,
# Vallado's C++ (through python-sgp4), astroz and heyoka, on the same near-earth element sets, in one run.
# Usage: Benchmarks/run-anchors.sh [CATALOG] [MINUTES]   (defaults: the 2023-10 full catalog, 1440)
# Reports ratios; asserts nothing. Needs network access to PyPI once, for the anchors' virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${1:-../shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt}
minutes=${2:-1440}
venv=${PERIGEE_ANCHORS_VENV:-.anchors-venv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q sgp4 astroz heyoka skyfield skyfield-data numpy
fi

# The near-earth subset (period < 225 min, initialises without error), as every anchor times.
"$venv/bin/python" - "$catalog" "$work/near.tle" <<'PY'
import sys
from sgp4.api import Satrec, WGS72
lines = [l.rstrip("\r\n") for l in open(sys.argv[1], encoding="ascii", errors="replace")]
out = []
for i, l in enumerate(lines):
    if l.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
        s = Satrec.twoline2rv(l[:69], lines[i + 1][:69], WGS72)
        if s.error == 0 and s.method == "n":
            out += [l[:69], lines[i + 1][:69]]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print(f"near-earth element sets: {len(out) // 2}", file=sys.stderr)
PY

declare -A builds=([default]="" [avx2]=haswell [avx512]=skylake-avx512)
results="$work/results.txt"
for name in default avx2 avx512; do
  cpu=${builds[$name]}
  scratch=.build-bench-$name
  PERIGEE_WITHOUT_CATALOG=1 PERIGEE_TARGET_CPU=$cpu swift build -c release --product perigee --scratch-path "$scratch" >&2
  bin="$scratch/release/perigee"
  for mode in "--threads 1" "--threads 2" "--threads 1 --scalar"; do
    line=$("$bin" bench sgp4 "$work/near.tle" --minutes "0:$((minutes - 1)):1" $mode | tail -n 1)
    echo "perigee-$name $line" >> "$results"
  done
done
"$venv/bin/python" Benchmarks/sgp4_anchors.py "$work/near.tle" --minutes "$minutes" > "$work/anchors.txt"
cat "$work/anchors.txt" >&2

"$venv/bin/python" - "$results" "$work/anchors.txt" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1]):
    name, rest = line.split(" ", 1)
    f = dict(kv.split("=") for kv in rest.split())
    rows.append((f"{name} {f['mode']} threads={f['threads']}", float(f["ns_per_propagation"])))
for line in open(sys.argv[2]):
    f = dict(kv.split("=", 1) for kv in re.findall(r"(\w[\w-]*=\S+)", line))
    if "ns_per_propagation" in f:
        rows.append((f["anchor"] + " threads=1", float(f["ns_per_propagation"])))
base = {n: v for n, v in rows}
best = min(v for n, v in rows if n.startswith("perigee-default batch threads=1") or n.startswith("perigee-default batch"))
print(f"{'implementation':48} {'ns/propagation':>15} {'vs perigee default batch 1 thread':>34}")
for n, v in rows:
    print(f"{n:48} {v:15.2f} {v / best:33.2f}x")
PY
