#!/usr/bin/env python3
"""Conjunction screening side by side: Perigee (`perigee conjunctions`) against astroz 0.17 (`astroz.screen`).

Both screen the same 3LE file, all-vs-all, over the same window and threshold, in the same run (same machine
load). Prints wall times (astroz including its catalog load, Perigee the whole process), the ratio, peak
resident memory of Perigee, and the events found by one and not the other. Events are matched by catalog-number
pair and TCA (within 1 s). Every unmatched event, on either side, gets a dense check on python-sgp4 (Δr·Δv
sampled every 2 s over ±60 s around the reported TCA, sign changes bisected to 0.1 ms): a confirmed event is a
local minimum of the distance below the threshold inside the window, so a confirmed astroz-only event is one
Perigee missed, and an unconfirmed one is an astroz artefact (for example the distance at a window edge).

usage: conjunctions_anchor.py CATALOG.3le START_ISO MINUTES THRESHOLD_KM PERIGEE_BINARY
"""
import csv, datetime as dt, io, subprocess, sys, time

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


def dense_min(s1, s2, tca, threshold, window):
    """The dense local minimum below the threshold nearest to tca (±60 s) inside window, or None."""
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
            inside = window[0] <= lo <= window[1]
            if d < threshold and inside and (best is None
                                             or abs((lo - tca).total_seconds()) < abs((best[0] - tca).total_seconds())):
                best = (lo, d)
        t0, prev = t1, cur
    return best


def main():
    path, start_iso, minutes, threshold, binary = sys.argv[1:6]
    minutes = float(minutes); threshold = float(threshold)
    start = dt.datetime.fromisoformat(start_iso.replace("Z", "+00:00"))
    window = (start, start + dt.timedelta(minutes=minutes))

    import astroz
    t = time.perf_counter()
    constellation = astroz.Constellation(path)
    c = astroz.screen(constellation, minutes, threshold=threshold, start_time=start)
    astroz_s = time.perf_counter() - t
    # astroz's i/j index its Constellation's columns; `satnums` gives their catalog numbers.
    satnums = constellation.satnums
    sats = load(path)
    ours_cmd = [binary, "conjunctions", path, "--start", start_iso, "--duration", f"{minutes:g}m",
                "--threshold", f"{threshold:g}"]
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S"] + ours_cmd, capture_output=True, text=True, check=True)
    perigee_s = time.perf_counter() - t
    peak_kib, user_s, sys_s = proc.stderr.strip().splitlines()[-1].split()
    peak_kib = int(peak_kib)

    theirs = []
    for i, j, tm, d in zip(c.i, c.j, c.time, c.distance):
        a, b = int(satnums[int(i)]), int(satnums[int(j)])
        theirs.append((min(a, b), max(a, b), start + dt.timedelta(minutes=float(tm)), float(d)))
    ours = []
    for r in csv.DictReader(io.StringIO(proc.stdout)):
        tca = dt.datetime.fromisoformat(r["tca"].replace("Z", "+00:00"))
        ours.append((int(r["catalog_number_1"]), int(r["catalog_number_2"]), tca, float(r["miss_km"])))

    def index(xs):
        m = {}
        for x in xs:
            m.setdefault((x[0], x[1]), []).append(x)
        return m
    def match(a, m):
        return any(abs((p[2] - a[2]).total_seconds()) < 1 for p in m.get((a[0], a[1]), []))
    io_, it_ = index(ours), index(theirs)
    only_ours = [e for e in ours if not match(e, it_)]
    only_theirs = [e for e in theirs if not match(e, io_)]
    matched = len(theirs) - len(only_theirs)
    worst_miss = max((min(abs(p[3] - e[3]) for p in io_[(e[0], e[1])]
                          if abs((p[2] - e[2]).total_seconds()) < 1)
                      for e in theirs if match(e, io_)), default=0.0)
    print(f"window {start_iso} + {minutes:g} min, threshold {threshold:g} km, {len(sats)} objects")
    print(f"astroz {getattr(astroz, '__version__', '')}: {len(theirs)} events, {astroz_s:.2f} s (load + screen)")
    print(f"perigee: {len(ours)} events, {perigee_s:.2f} s wall, {float(user_s) + float(sys_s):.2f} s CPU, "
          f"peak RSS {peak_kib / 1024:.0f} MiB")
    print(f"time ratio perigee/astroz: {perigee_s / astroz_s:.2f}")
    print(f"matched: {matched} (worst miss-distance difference {worst_miss * 1000:.1f} m)")
    for name, events in (("only perigee", only_ours), ("only astroz", only_theirs)):
        checks = [dense_min(sats[e[0]], sats[e[1]], e[2], threshold, window) for e in events]
        confirmed = sum(x is not None for x in checks)
        other = it_ if name == "only perigee" else io_
        # A confirmed event whose dense minimum the other side reports (TCA within 1 s of the dense one) is the
        # same minimum with an imprecise TCA on this side (slow pairs), not a miss.
        same = sum(x is not None and match((e[0], e[1], x[0]), other) for e, x in zip(events, checks))
        print(f"{name}: {len(events)} events; dense check confirms {confirmed} ({same} of them the other side's "
              f"event with a TCA off by more than 1 s), rejects {len(events) - confirmed}")
        # confirmed ones first: for "only astroz" those are Perigee's misses
        for e, x in sorted(zip(events, checks), key=lambda p: p[1] is None)[:15]:
            verdict = f"dense minimum {x[1]:.4f} km at {x[0].isoformat()}" if x else "no local minimum below threshold"
            print("  ", e[0], e[1], e[2].isoformat(), f"{e[3]:.4f} km;", verdict)
    missed = 0
    confirmed_theirs = matched
    for e in only_theirs:
        x = dense_min(sats[e[0]], sats[e[1]], e[2], threshold, window)
        if x is None: continue
        confirmed_theirs += 1
        if not match((e[0], e[1], x[0]), io_): missed += 1
    if confirmed_theirs:
        print(f"perigee recall of astroz's confirmed events: {confirmed_theirs - missed}/{confirmed_theirs} "
              f"= {100 * (confirmed_theirs - missed) / confirmed_theirs:.3f} %")


if __name__ == "__main__":
    main()
