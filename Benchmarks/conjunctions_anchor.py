#!/usr/bin/env python3
"""Conjunction screening side by side: Perigee (`perigee conjunctions`) against astroz 0.17 (`astroz.screen`).

Both screen the same 3LE file, all-vs-all, over the same window and threshold. Prints wall times, the ratio,
peak memory of Perigee, and the events found by one and not the other; for each such event a dense check
(python-sgp4, Δr·Δv sampled every 2 s over ±60 s and bisected) says which is right.

usage: conjunctions_anchor.py CATALOG.3le START_ISO MINUTES THRESHOLD_KM PERIGEE_BINARY
"""
import csv, datetime as dt, io, resource, subprocess, sys, time

import numpy as np
from sgp4.api import Satrec


def load(path):
    lines = [l.rstrip("\n") for l in open(path) if l.strip()]
    sats = {}
    for k in range(0, len(lines) - 2, 3):
        s = Satrec.twoline2rv(lines[k + 1], lines[k + 2])
        sats[s.satnum] = s
    return sats


def jd(t):
    j = t.toordinal() + 1721424.5
    f = (t.hour * 3600 + t.minute * 60 + t.second + t.microsecond * 1e-6) / 86400
    return j, f


def dense_min(s1, s2, tca, threshold):
    """The dense local minimum near tca (±60 s), or None."""
    def f(t):
        a, b = jd(t)
        e1, r1, v1 = s1.sgp4(a, b); e2, r2, v2 = s2.sgp4(a, b)
        if e1 or e2: return None
        dr = np.subtract(r2, r1); dv = np.subtract(v2, v1)
        return float(dr @ dv), float(np.linalg.norm(dr))
    best = None
    t0 = tca - dt.timedelta(seconds=60)
    prev = f(t0)
    for k in range(1, 61):
        t1 = tca + dt.timedelta(seconds=-60 + 2 * k)
        cur = f(t1)
        if prev and cur and prev[0] < 0 <= cur[0]:
            lo, hi = t0, t1
            while (hi - lo).total_seconds() > 1e-4:
                mid = lo + (hi - lo) / 2
                fm = f(mid)
                if fm and fm[0] < 0: lo = mid
                else: hi = mid
            d = f(lo)[1]
            if d < threshold and (best is None or abs((lo - tca).total_seconds()) < abs((best[0] - tca).total_seconds())):
                best = (lo, d)
        t0, prev = t1, cur
    return best


def main():
    path, start_iso, minutes, threshold, binary = sys.argv[1:6]
    minutes = float(minutes); threshold = float(threshold)
    start = dt.datetime.fromisoformat(start_iso.replace("Z", "+00:00"))

    import astroz
    t = time.perf_counter()
    c = astroz.screen(path, minutes, threshold=threshold, start_time=start)
    astroz_s = time.perf_counter() - t
    # astroz's i/j index its own internal ordering of the satellites, not the file order, so events are matched
    # on time (±1 s) and miss distance (±10 m); the dense check runs on Perigee-only events (catalog numbers known).
    sats = load(path)
    ours_cmd = [binary, "conjunctions", path, "--start", start_iso, "--duration", f"{minutes:g}m",
                "--threshold", f"{threshold:g}"]
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + ours_cmd, capture_output=True, text=True, check=True)
    perigee_s = time.perf_counter() - t
    peak_kib = int(proc.stderr.strip().splitlines()[-1])

    def key(a, b, t):
        return (min(a, b), max(a, b), t)
    theirs = []
    for i, j, tm, d in zip(c.i, c.j, c.time, c.distance):
        tca = start + dt.timedelta(minutes=float(tm))
        theirs.append((int(i), int(j), tca, float(d)))
    ours = []
    for r in csv.DictReader(io.StringIO(proc.stdout)):
        tca = dt.datetime.fromisoformat(r["tca"].replace("Z", "+00:00"))
        ours.append((int(r["catalog_number_1"]), int(r["catalog_number_2"]), tca, float(r["miss_km"])))

    def bucket(t):
        return int(t.timestamp())
    def index(xs):
        m = {}
        for x in xs:
            m.setdefault(bucket(x[2]), []).append(x)
        return m
    def match(a, m):
        for b in (bucket(a[2]) - 1, bucket(a[2]), bucket(a[2]) + 1):
            for p in m.get(b, []):
                if abs((p[2] - a[2]).total_seconds()) < 1 and abs(p[3] - a[3]) < 0.010:
                    return True
        return False
    io_, it_ = index(ours), index(theirs)
    only_ours = [e for e in ours if not match(e, it_)]
    only_theirs = [e for e in theirs if not match(e, io_)]
    print(f"astroz {astroz.__version__ if hasattr(astroz, '__version__') else ''}: {len(theirs)} events, {astroz_s:.2f} s")
    print(f"perigee: {len(ours)} events, {perigee_s:.2f} s, peak RSS {peak_kib / 1024:.0f} MiB")
    print(f"time ratio perigee/astroz: {perigee_s / astroz_s:.2f}")
    for name, events in (("only perigee", only_ours), ("only astroz (astroz indices)", only_theirs)):
        if name == "only perigee":
            right = sum(dense_min(sats[e[0]], sats[e[1]], e[2], threshold) is not None for e in events)
            print(f"{name}: {len(events)} events, dense check confirms {right}")
        else:
            print(f"{name}: {len(events)} events (no dense check: astroz's indices are not catalog numbers)")
        for e in events[:10]:
            print("  ", e[0], e[1], e[2].isoformat(), f"{e[3]:.4f} km")


if __name__ == "__main__":
    main()
