#!/usr/bin/env python3
"""Times the SGP4 anchors on the same near-earth element sets Perigee is timed on.

Usage: sgp4_anchors.py NEAR_EARTH_TLE_FILE [--minutes 1440] [--perigee PATH_TO_PERIGEE]

Prints one line per anchor: `anchor=<name> ns_per_propagation=<v> cpu_ns_per_propagation=<v> propagations=<n>
threads=<1|pool> note=<...>`: wall time of the fastest run and the process CPU time of that run. astroz runs its
own thread pool over every core (its CPU time is about twice its wall time on two cores), so it is marked
`threads=pool` and its CPU figure is the one to compare with a one-thread run.
Every anchor propagates every satellite to minutes 0, 1, ..., N-1 after its own epoch (python-sgp4 and
heyoka take absolute dates, which are built per satellite so the work is the same). The best of three runs
is reported. Nothing here is asserted; the side-by-side table is printed by run-anchors.sh.

Speed means little without the answers, so each implementation's positions are then compared with Vallado's C++
(python-sgp4) on every 20th element set at every 7th minute: `agreement=<name> max_position_difference_km=<v>
p99_position_difference_km=<v> states=<n>`. Perigee is compared through `perigee propagate` (its scalar
propagator; the batch propagator timed above agrees with it within 1 mm, which BatchSGP4Tests asserts).
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
    parser.add_argument("--perigee", help="a built perigee binary, to compare its positions too")
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

    astroz_native = None
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
        astroz_native = (azapi, astroz._astroz)
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

    agreement(pairs, args, astroz_native)


def report_agreement(name, differences, missing=0):
    """One `agreement=` line from the position differences (km) of one implementation; `missing` counts the states
    Vallado's C++ has and the implementation does not."""
    d = np.asarray(differences)
    if d.size == 0 or not np.all(np.isfinite(d)):
        print(f"agreement={name} error=no-comparable-states")
        return
    print(f"agreement={name} max_position_difference_km={d.max():.3e} "
          f"p99_position_difference_km={np.percentile(d, 99):.3e} states={d.size} missing={missing}")
    sys.stdout.flush()


def agreement(pairs, args, astroz_native):
    """Position differences from Vallado's C++ on a sample (every 20th set, every 7th minute)."""
    import subprocess
    import tempfile
    from sgp4.api import Satrec, WGS72
    sample = pairs[::20]
    minutes = np.arange(0, args.minutes, 7, dtype=np.float64)
    sats = [Satrec.twoline2rv(a, b, WGS72) for a, b in sample]
    reference, valid = [], []
    for s in sats:
        e, r, _ = s.sgp4_array(np.full(len(minutes), s.jdsatepoch), s.jdsatepochF + minutes / 1440.0)
        reference.append(np.asarray(r))
        valid.append(np.asarray(e) == 0)

    if astroz_native is not None:
        try:
            azapi, native_module = astroz_native
            natives = [azapi.Satrec.twoline2rv(a, b, azapi.WGS72)._native for a, b in sample]
            keep = [k for k, s in enumerate(natives) if not s.is_deep_space and s.error == 0]
            zig = native_module.SatrecArray([natives[k] for k in keep])
            pos = np.empty((len(minutes), len(keep), 3))
            vel = np.empty_like(pos)
            zig.propagate_into(minutes, pos, vel, epoch_offsets=np.zeros(len(keep)))
            report_agreement("astroz", np.concatenate(
                [np.linalg.norm(reference[k][valid[k]] - pos[valid[k], j], axis=1) for j, k in enumerate(keep)]))
        except Exception as error:
            print(f"agreement=astroz error={error!r}")

    try:
        import heyoka as hy
        prop = hy.model.sgp4_propagator(sats)
        tm = np.ascontiguousarray(np.repeat(minutes[:, None], len(sats), axis=1))
        out = np.empty((len(minutes), 7, len(sats)))
        prop(tm, out=out)
        report_agreement("heyoka", np.concatenate(
            [np.linalg.norm(reference[k][valid[k] & (out[:, 6, k] == 0)] - out[valid[k] & (out[:, 6, k] == 0), 0:3, k],
                            axis=1) for k in range(len(sats))]))
    except Exception as error:
        print(f"agreement=heyoka error={error!r}")

    if args.perigee:
        with tempfile.TemporaryDirectory() as scratch:
            path = os.path.join(scratch, "sample.tle")
            with open(path, "w") as f:
                f.write("".join(f"{a}\n{b}\n" for a, b in sample))
            csv = subprocess.run([args.perigee, "propagate", path, "--minutes", f"0:{args.minutes - 1}:7"],
                                 capture_output=True, text=True)
        if csv.returncode != 0:
            print(f"agreement=perigee error={csv.stderr.strip()!r}")
            return
        rows = {}
        for line in csv.stdout.splitlines()[1:]:
            f = line.split(",")
            if f[-1] == "":  # a state, not a failure row
                rows[(int(f[0]), round(float(f[1])))] = (float(f[2]), float(f[3]), float(f[4]))
        differences, missing = [], 0
        for s, r, ok in zip(sats, reference, valid):
            for k, m in enumerate(minutes):
                ours = rows.get((s.satnum, round(m)))
                if ok[k] and ours is not None:
                    differences.append(np.linalg.norm(r[k] - np.array(ours)))
                elif ok[k]:
                    missing += 1
        report_agreement("perigee", differences, missing)


if __name__ == "__main__":
    main()
