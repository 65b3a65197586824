#!/usr/bin/env python3
"""Times pass prediction in Skyfield, PyEphem and pyorbital on the same satellites, site and window.

Usage: passes_anchors.py TLE_FILE --lat 51.4779 --lon -0.0015 --height-m 46 --start 2023-10-10T00:00:00 --days 3

Prints one line per anchor: `anchor=<name> us_per_satellite_day=<v> satellites=<n> passes=<n> note=<...>`.
Skyfield is timed three times: `find_events` alone; with `is_sunlit` and the Sun's altitude at each culmination
(the visibility flags, vectorised, its cheapest form); and computing every output Perigee's figure includes (the
flags at rise, culmination and set, and each pass's shadow entry and exit, found with `find_discrete`). Best of three runs, wall-clock and process CPU time (CPU time is the
fairer figure on a machine shared with other work). Nothing is asserted.
"""
import argparse
import datetime as dt
import time
import warnings


def read_tles(path):
    lines = [l.rstrip("\r\n") for l in open(path, encoding="ascii", errors="replace")]
    out = []
    for i, line in enumerate(lines):
        if line.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            name = lines[i - 1].strip() if i > 0 and not lines[i - 1].startswith("2 ") else line[2:7]
            if name.startswith("0 "):
                name = name[2:]
            out.append((name, line[:69], lines[i + 1][:69]))
    return out


def best_of(runs, fn):
    """Best wall-clock and best process-CPU seconds of `runs` calls, and the last result."""
    best, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return (best, best_cpu), result


def report(name, seconds, satellites, days, passes, note):
    wall, cpu = seconds
    print(f"anchor={name} us_per_satellite_day={wall * 1e6 / (satellites * days):.1f} "
          f"cpu_us_per_satellite_day={cpu * 1e6 / (satellites * days):.1f} satellites={satellites} "
          f"passes={passes} note={note}", flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--lat", type=float, default=51.4779)
    p.add_argument("--lon", type=float, default=-0.0015)
    p.add_argument("--height-m", type=float, default=46.0)
    p.add_argument("--start", default="2023-10-10T00:00:00")
    p.add_argument("--days", type=float, default=3.0)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    tles = read_tles(a.file)
    start = dt.datetime.fromisoformat(a.start).replace(tzinfo=dt.timezone.utc)
    end = start + dt.timedelta(days=a.days)

    from skyfield.api import EarthSatellite, load, wgs84
    from skyfield_data import get_skyfield_data_path
    loader = load.__class__(get_skyfield_data_path()) if hasattr(load, "__class__") else load
    ts = loader.timescale(builtin=True)
    eph = loader("de421.bsp")
    site = wgs84.latlon(a.lat, a.lon, elevation_m=a.height_m)
    sats = [EarthSatellite(l1, l2, name, ts) for name, l1, l2 in tles]
    t0, t1 = ts.from_datetime(start), ts.from_datetime(end)

    def skyfield_events():
        n = 0
        for s in sats:
            _, events = s.find_events(site, t0, t1, altitude_degrees=0.0)
            n += int((events == 1).sum())
        return n

    def skyfield_with_flags():
        n = 0
        sun, earth = eph["sun"], eph["earth"]
        for s in sats:
            t, events = s.find_events(site, t0, t1, altitude_degrees=0.0)
            culminations = t[events == 1]
            if len(culminations):
                s.at(culminations).is_sunlit(eph)
                (earth + site).at(culminations).observe(sun).apparent().altaz()
            n += len(culminations)
        return n

    def skyfield_same_outputs():
        # What Perigee's figure computes for each pass: the sunlit flag and the Sun's altitude at rise, culmination
        # and set, and the shadow entries and exits within the pass (find_discrete on is_sunlit, to 0.1 s, on
        # Skyfield's default one-minute sampling of the pass).
        from skyfield.searchlib import find_discrete
        n = 0
        sun, earth = eph["sun"], eph["earth"]
        for s in sats:
            t, events = s.find_events(site, t0, t1, altitude_degrees=0.0)
            if len(t) == 0:
                continue
            s.at(t).is_sunlit(eph)
            (earth + site).at(t).observe(sun).apparent().altaz()

            def sunlit(times, s=s):
                return s.at(times).is_sunlit(eph)
            sunlit.step_days = 1.0 / 1440
            kinds = list(events)
            for i, kind in enumerate(kinds):
                if kind != 1:
                    continue
                rise = t[i - 1] if i > 0 and kinds[i - 1] == 0 else t0
                set_ = t[i + 1] if i + 1 < len(kinds) and kinds[i + 1] == 2 else t1
                find_discrete(rise, set_, sunlit, epsilon=0.1 / 86400)
                n += 1
        return n

    seconds, passes = best_of(a.runs, skyfield_events)
    report("skyfield-find_events", seconds, len(sats), a.days, passes, "Skyfield find_events only")
    seconds, passes = best_of(a.runs, skyfield_with_flags)
    report("skyfield-with-flags", seconds, len(sats), a.days, passes, "find_events + is_sunlit + Sun altitude")
    seconds, passes = best_of(a.runs, skyfield_same_outputs)
    report("skyfield-same-outputs", seconds, len(sats), a.days, passes,
           "find_events + is_sunlit and Sun altitude at every event + shadow entry/exit per pass")

    try:
        import ephem

        def pyephem():
            n = 0
            for name, l1, l2 in tles:
                body = ephem.readtle(name, l1, l2)
                obs = ephem.Observer()
                obs.lat, obs.lon, obs.elevation = str(a.lat), str(a.lon), a.height_m
                obs.pressure = 0
                obs.date = ephem.Date(start)
                stop = ephem.Date(end)
                while True:
                    try:
                        info = obs.next_pass(body)
                    except (ValueError, TypeError):
                        break
                    if info[0] is None or info[4] is None or info[4] > stop:
                        break
                    n += 1
                    obs.date = info[4] + ephem.minute
            return n
        seconds, passes = best_of(a.runs, pyephem)
        report("pyephem", seconds, len(tles), a.days, passes, f"PyEphem {ephem.__version__} next_pass")
    except Exception as error:
        print(f"anchor=pyephem error={error!r}")

    try:
        from pyorbital.orbital import Orbital
        warnings.simplefilter("ignore")

        def pyorbital():
            n = 0
            for name, l1, l2 in tles:
                orb = Orbital(name, line1=l1, line2=l2)
                n += len(orb.get_next_passes(start.replace(tzinfo=None), int(a.days * 24), a.lon, a.lat,
                                             a.height_m / 1000, horizon=0))
            return n
        seconds, passes = best_of(a.runs, pyorbital)
        report("pyorbital", seconds, len(tles), a.days, passes, "pyorbital get_next_passes")
    except Exception as error:
        print(f"anchor=pyorbital error={error!r}")


if __name__ == "__main__":
    main()
