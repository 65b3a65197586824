#!/usr/bin/env python3
"""Convert Natural Earth 110m admin-0 polygons to the web page's compact coastline file.

Not a runtime dependency: run once by hand when the bundled coastlines need regenerating.

    python3 -m pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    unzip -o /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*' -d /tmp/ne
    python3 Tests/Browser/make_coastlines.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp \
        Sources/Service/Resources/web/data/coastlines-110m.json

The input is the Natural Earth 1:110m "Admin 0 - Countries" polygons (public domain) as bundled in the
geopandas 0.14.4 wheel. Land borders are removed: a segment shared by two country polygons is a border,
a segment used once is a coastline. The remaining segments are chained into polylines and written as
`{"source": ..., "lines": [[lon, lat, lon, lat, ...], ...]}` with coordinates rounded to 0.01 degrees.
Standard library only (reads the ESRI shapefile format directly).
"""
import json
import struct
import sys
from collections import defaultdict


def read_polygon_rings(path):
    """Yields every ring (list of (lon, lat)) of every polygon record in an ESRI .shp file."""
    with open(path, "rb") as f:
        data = f.read()
    file_code, = struct.unpack(">i", data[0:4])
    if file_code != 9994:
        raise SystemExit(f"{path}: not an ESRI shapefile (file code {file_code}, expected 9994)")
    offset = 100
    while offset < len(data):
        _, length_words = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + 2 * length_words]
        offset += 8 + 2 * length_words
        shape_type, = struct.unpack("<i", content[0:4])
        if shape_type == 0:
            continue
        if shape_type != 5:
            raise SystemExit(f"{path}: shape type {shape_type}, expected 5 (polygon)")
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44:44 + 4 * num_parts]))
        base = 44 + 4 * num_parts
        points = [struct.unpack("<dd", content[base + 16 * i:base + 16 * i + 16]) for i in range(num_points)]
        parts.append(num_points)
        for a, b in zip(parts, parts[1:]):
            yield points[a:b]


def main(source, destination):
    rings = list(read_polygon_rings(source))
    key = lambda p: (round(p[0], 9), round(p[1], 9))
    uses = defaultdict(int)
    for ring in rings:
        for p, q in zip(ring, ring[1:]):
            uses[frozenset((key(p), key(q)))] += 1
    # Keep runs of coastline segments (used once), splitting each ring where a border segment occurs.
    lines = []
    for ring in rings:
        segments = list(zip(ring, ring[1:]))
        coast = [uses[frozenset((key(p), key(q)))] == 1 for p, q in segments]
        if all(coast):
            lines.append(list(ring))
            continue
        if not any(coast):
            continue
        # Rotate so the ring starts just after a border segment; then runs never wrap around.
        start = next(i for i in range(len(segments)) if not coast[i - 1] and coast[i])
        segments = segments[start:] + segments[:start]
        coast = coast[start:] + coast[:start]
        current = []
        for (p, q), is_coast in zip(segments, coast):
            if is_coast:
                if not current:
                    current.append(p)
                current.append(q)
            elif current:
                lines.append(current)
                current = []
        if current:
            lines.append(current)
    out = []
    points_total = 0
    for line in lines:
        flat = []
        last = None
        for lon, lat in line:
            r = (round(lon, 2), round(lat, 2))
            if r != last:
                flat.extend(r)
                last = r
        if len(flat) >= 4:
            out.append(flat)
            points_total += len(flat) // 2
    document = {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), land borders removed; "
                  "see SOURCE.md",
        "lines": out,
    }
    with open(destination, "w") as f:
        json.dump(document, f, separators=(",", ":"))
    print(f"{len(rings)} rings -> {len(out)} coastline polylines, {points_total} points -> {destination}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_coastlines.py naturalearth_lowres.shp coastlines-110m.json")
    main(sys.argv[1], sys.argv[2])
