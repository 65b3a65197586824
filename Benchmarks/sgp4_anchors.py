#!/usr/bin/env python3
"""Times the SGP4 anchors on the same near-earth element sets Perigee is timed on.

Usage: sgp4_anchors.py NEAR_EARTH_TLE_FILE [--minutes 1440]

Prints one line per anchor: `anchor=<name> ns_per_propagation=<v> cpu_ns_per_propagation=<v> propagations=<n>
threads=<1|pool> note=<...>`: wall time of the fastest run and the process CPU time of that run. astroz runs its
own thread pool over every core (its CPU time is about twice its wall time on two cores), so it is marked
`threads=pool` and its CPU figure is the one to compare with a one-thread run.
Every anchor propagates every satellite to minutes 0, 1, ..., N-1 after its own epoch (python-sgp4 and
heyoka take absolute dates, which are built per satellite so the work is the same). The best of three runs
is reported. Nothing here is asserted; the side-by-side table is printed by run-anchors.sh.
"""
import argparse
import os
import sys
import time

import numpy as np


def read_tles(path):
    lines = [l.rstrip("\r\n") for l in open(path, encoding="ascii", errors="replace")]
    pairs = []
    for i, line in enumerate(lines):
        if line.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            pairs.append((line[:69], lines[i + 1][:69]))
    return pairs


def best_of(runs, fn):
    """(wall seconds, process CPU seconds) of the fastest of `runs` runs."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if wall < best[0]:
            best = (wall, cpu)
    return best


def report(name, timing, count, note, threads="1"):
    wall, cpu = timing
    print(f"anchor={name} ns_per_propagation={wall * 1e9 / count:.2f} cpu_ns_per_propagation={cpu * 1e9 / count:.2f} "
          f"propagations={count} threads={threads} note={note}")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--minutes", type=int, default=1440)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pairs = read_tles(args.file)
    minutes = np.arange(args.minutes, dtype=np.float64)

    from sgp4.api import Satrec, SatrecArray, WGS72
    sats = [Satrec.twoline2rv(a, b, WGS72) for a, b in pairs]
    n = len(sats) * len(minutes)

    # python-sgp4 SatrecArray (Vallado's C++ inside, vectorised over satellites and times).
    jd0 = np.array([s.jdsatepoch for s in sats])
    fr0 = np.array([s.jdsatepochF for s in sats])
    # SatrecArray takes one time list for all satellites: use offsets from the first epoch, same count.
    jd = np.full(len(minutes), jd0[0])
    fr = fr0[0] + minutes / 1440.0
    array = SatrecArray(sats)
    timing = best_of(args.runs, lambda: array.sgp4(jd, fr))
    report("python-sgp4-SatrecArray", timing, n, "C++ via numpy, one time grid for all")

    # Vallado's C++ called per satellite (python-sgp4's compiled Satrec.sgp4_array), own epoch each.
    def per_satellite():
        for s in sats:
            s.sgp4_array(np.full(len(minutes), s.jdsatepoch), s.jdsatepochF + minutes / 1440.0)
    timing = best_of(args.runs, per_satellite)
    report("vallado-cpp-sgp4_array", timing, n, "Vallado C++ through python-sgp4, per satellite")

    # astroz (Zig SIMD) through its python-sgp4 compatible native array, own epoch each.
    try:
        import astroz
        from astroz import api as azapi
        natives = [azapi.Satrec.twoline2rv(a, b, azapi.WGS72)._native for a, b in pairs]
        near = [s for s in natives if not s.is_deep_space and s.error == 0]
        zig = astroz._astroz.SatrecArray(near)
        pos = np.empty((len(minutes), len(near), 3))
        vel = np.empty((len(minutes), len(near), 3))
        offsets = np.zeros(len(near))
        timing = best_of(args.runs, lambda: zig.propagate_into(minutes, pos, vel, epoch_offsets=offsets))
        report("astroz", timing, len(near) * len(minutes), f"astroz {astroz.__version__} SIMD, own thread pool",
               threads="pool")
    except Exception as error:  # an anchor that cannot run is reported, not fatal
        print(f"anchor=astroz error={error!r}")

    # heyoka's SGP4 propagator (JIT, SIMD), one thread, own epoch each (times are minutes since epoch).
    try:
        import heyoka as hy
        hy.set_nthreads(1)
        prop = hy.model.sgp4_propagator(sats)
        tm = np.ascontiguousarray(np.repeat(minutes[:, None], len(sats), axis=1))
        out = np.empty((len(minutes), 7, len(sats)))
        timing = best_of(args.runs, lambda: prop(tm, out=out))
        report("heyoka", timing, n, f"heyoka {hy.__version__}, set_nthreads(1)")
    except Exception as error:
        print(f"anchor=heyoka error={error!r}")


if __name__ == "__main__":
    main()
