#!/usr/bin/env bash
# Side-by-side speed. SGP4: Perigee (batch and scalar; default, AVX2 and AVX-512 builds) against python-sgp4,
# Vallado's C++ (through python-sgp4), astroz and heyoka, on the same near-earth element sets; passes: Perigee
# against Skyfield, PyEphem and pyorbital on the reference satellites; all in one run.
# Usage: Benchmarks/run-anchors.sh [CATALOG] [MINUTES]   (defaults: the 2023-10 full catalog, 1440)
# Reports ratios; asserts nothing. Needs network access to PyPI once, for the anchors' virtual environment.
# PERIGEE_ANCHORS_SECTIONS selects sections ("sgp4 passes" by default; "passes" runs the pass section alone).
# PERIGEE_PASSES_BIN names an already built release `perigee` for the pass section (default: the sgp4 section's
# default build, built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${1:-../shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt}
minutes=${2:-1440}
venv=${PERIGEE_ANCHORS_VENV:-.anchors-venv}
sections=" ${PERIGEE_ANCHORS_SECTIONS:-sgp4 passes} "
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q sgp4 astroz heyoka skyfield skyfield-data numpy ephem pyorbital
fi

if [[ "$sections" == *" sgp4 "* ]]; then
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
  PERIGEE_TARGET_CPU=$cpu swift build -c release --product perigee --scratch-path "$scratch" >&2
  bin="$scratch/release/perigee"
  for mode in "--threads 1" "--threads 2" "--threads 1 --scalar"; do
    lines=$("$bin" bench sgp4 "$work/near.tle" --minutes "0:$((minutes - 1)):1" $mode | tail -n 2 | tr '\n' ' ')
    echo "perigee-$name $lines" >> "$results"
  done
done
"$venv/bin/python" Benchmarks/sgp4_anchors.py "$work/near.tle" --minutes "$minutes" \
  --perigee .build-bench-default/release/perigee > "$work/anchors.txt"
cat "$work/anchors.txt" >&2
uptime | sed 's/^/load: /' >&2

# Wall and CPU nanoseconds per propagation, and both as multiples of Perigee's default build, batch, one thread.
# A run on several threads (Perigee --threads 2, astroz's own pool) costs more CPU than its wall time shows.
"$venv/bin/python" - "$results" "$work/anchors.txt" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1]):
    name = line.split(" ", 1)[0]
    f = dict(re.findall(r"(\w+)=(\S+)", line))
    propagations = float(f["propagations"])
    cpu = float(f["cpu_seconds"]) * 1e9 / propagations if "cpu_seconds" in f else float("nan")
    rows.append((f"{name} {f['mode']} threads={f['threads']}", float(f["ns_per_propagation"]), cpu))
for line in open(sys.argv[2]):
    f = dict(re.findall(r"(\w[\w-]*)=(\S+)", line))
    if "ns_per_propagation" in f:
        rows.append((f"{f['anchor']} threads={f['threads']}", float(f["ns_per_propagation"]),
                     float(f.get("cpu_ns_per_propagation", "nan"))))
base = next((w, c) for n, w, c in rows if n == "perigee-default batch threads=1")
print(f"{'SGP4, near-earth catalog':44} {'wall ns':>9} {'x wall':>8} {'CPU ns':>9} {'x CPU':>8}   "
      f"(x: multiple of perigee-default batch threads=1)")
for n, w, c in rows:
    print(f"{n:44} {w:9.2f} {w / base[0]:7.2f}x {c:9.2f} {c / base[1]:7.2f}x")
print("position difference from Vallado's C++ (every 20th set, every 7th minute):")
for line in open(sys.argv[2]):
    f = dict(re.findall(r"(\w[\w-]*)=(\S+)", line))
    if "agreement" in f:
        detail = (f"max {float(f['max_position_difference_km']) * 1e3:.2e} m, "
                  f"99th percentile {float(f['p99_position_difference_km']) * 1e3:.2e} m, "
                  f"{f['states']} states, {f['missing']} missing") if "states" in f else f.get("error", "?")
        print(f"  {f['agreement']:12} {detail}")
PY

fi

# ---- Passes: Perigee against Skyfield, PyEphem and pyorbital (same 6 satellites, Greenwich, 3 days) ----------
# Perigee's figures include the sunlit flag, the Sun's elevation and shadow transitions of every pass; Skyfield
# is timed with find_events alone, with is_sunlit + the Sun's altitude at each culmination, and computing the same
# outputs (flags at every event, shadow entry/exit per pass).
if [[ "$sections" == *" passes "* ]]; then
python3 - Tests/ObservationTests/Fixtures/pass-vectors/passes_ut1_utc.json "$work/passref.tle" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for s in d["satellites"].values():
        f.write(f"{s['name']}\n{s['line1']}\n{s['line2']}\n")
PY
bin=${PERIGEE_PASSES_BIN:-.build-bench-default/release/perigee}
if [ ! -x "$bin" ]; then
  swift build -c release --product perigee --scratch-path .build-bench-default >&2
fi
site="--site=51.4779,-0.0015,46"
{
  echo "perigee-6sats-3days $("$bin" bench passes "$work/passref.tle" $site --start 2023-10-10T00:00:00Z --hours 72 --repetitions 400 | tail -n 2 | tr '\n' ' ')"
  for threads in 1 2; do
    echo "perigee-catalog-24h $("$bin" bench passes "$catalog" $site --hours 24 --threads $threads --repetitions 3 | tail -n 2 | tr '\n' ' ')"
  done
} > "$work/passes.txt"
"$venv/bin/python" Benchmarks/passes_anchors.py "$work/passref.tle" --start 2023-10-10T00:00:00 --days 3 \
  2>/dev/null >> "$work/passes.txt"
uptime | sed 's/^/load: /' >> "$work/passes.txt"
cat "$work/passes.txt"
"$venv/bin/python" - "$work/passes.txt" <<'PY'
import re, sys
rows, catalog = [], []
for line in open(sys.argv[1]):
    f = dict(re.findall(r"([\w-]+)=(\S+)", line))
    if line.startswith("perigee-catalog"):
        catalog.append(f)
    elif "us_per_satellite_day" in f:
        name = f.get("anchor") or line.split()[0] + f" threads={f.get('threads', '?')}"
        wall = float(f["us_per_satellite_day"])
        cpu = float(f["cpu_us_per_satellite_day"]) if "cpu_us_per_satellite_day" in f else \
            wall * float(f["cpu_s"]) / float(f["search_s"]) if float(f.get("search_s", 0)) > 0 else float("nan")
        rows.append((name, wall, cpu))
ours = next((w, c) for n, w, c in rows if n.startswith("perigee-6sats"))
print(f"{'passes, per satellite-day (6 satellites, 3 days)':48} {'wall µs':>10} {'× perigee':>10} {'CPU µs':>10} {'× perigee':>10}")
for n, w, c in rows:
    print(f"{n:48} {w:10.1f} {w / ours[0]:9.1f}x {c:10.1f} {c / ours[1]:9.1f}x")
for f in catalog:
    if "threads" not in f:
        print("perigee catalog 24 h: no result (see the error above; the catalog is the script's first argument)")
        continue
    print(f"perigee catalog 24 h, threads={f['threads']}: {f.get('search_s', '?')} s wall, {f.get('cpu_s', '?')} s CPU, "
          f"{f['satellites']} objects, {f['passes']} passes, {float(f['us_per_satellite_day']):.1f} µs per satellite-day")
PY
fi
