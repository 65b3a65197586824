#!/usr/bin/env python3
"""Anchors for `perigee bench ingest`: the same rows, the same schema, the same transactions, without Perigee.

SQLite: Python's sqlite3 module (C) `executemany` of `INSERT OR IGNORE` into the element_set table of Perigee's
schema (WITHOUT ROWID, primary key catalog_number, epoch_us, element_set_number), WAL, synchronous=NORMAL,
20,000 rows per transaction. PostgreSQL, the server-side work of Perigee's store's two paths, 20,000 rows per
transaction: "direct", `psql` `\\copy` of the rows straight into element_set (the store's path when a batch's keys
are all new, as they are here), and "staged", `\\copy` into a temporary table and one
`INSERT ... SELECT ... ON CONFLICT DO NOTHING` (the store's path for a batch overlapping stored sets).

Rows are cut from the 3LE/CSV columns (values need not be exact to time inserts). Prints medians of --runs runs:
`anchor_sqlite_sets_per_s=<n> anchor_postgres_sets_per_s=<n|-> anchor_postgres_staged_sets_per_s=<n|->`
(`anchor_postgres_sets_per_s` is the direct path).
"""
import argparse
import csv
import io
import lzma
import os
import statistics
import subprocess
import sqlite3
import tempfile
import time
import uuid

SCHEMA = """
CREATE TABLE element_set (
    catalog_number INTEGER NOT NULL, epoch_us INTEGER NOT NULL, element_set_number INTEGER NOT NULL,
    object_name TEXT, object_id TEXT, mean_motion REAL NOT NULL, eccentricity REAL NOT NULL,
    inclination REAL NOT NULL, ra_of_asc_node REAL NOT NULL, arg_of_pericenter REAL NOT NULL,
    mean_anomaly REAL NOT NULL, ephemeris_type INTEGER NOT NULL, classification_type TEXT NOT NULL,
    rev_at_epoch INTEGER NOT NULL, bstar REAL NOT NULL, mean_motion_dot REAL NOT NULL,
    mean_motion_ddot REAL NOT NULL, source_id INTEGER NOT NULL, ingested_at_us INTEGER NOT NULL,
    PRIMARY KEY (catalog_number, epoch_us, element_set_number)
) WITHOUT ROWID;
"""


def tle_rows(path):
    lines = [line.rstrip("\n") for line in open(path, encoding="ascii", errors="replace")]
    rows = []
    name = None
    for line in lines:
        if line.startswith("0 "):
            name = line[2:].strip()
        elif line.startswith("1 "):
            first = line
        elif line.startswith("2 "):
            year = int(first[18:20])
            day = float(first[20:32])
            epoch_us = int(((2000 + year if year < 57 else 1900 + year) - 1970) * 365.25 * 86400e6 + day * 86400e6)
            rows.append((int(first[2:7]) if first[2:7].strip().isdigit() else 0, epoch_us, int(first[64:68] or 0),
                         name, first[9:17].strip(), float(line[52:63]), float("0." + line[26:33]),
                         float(line[8:16]), float(line[17:25]), float(line[34:42]), float(line[43:51]), 0, "U",
                         int(line[63:68] or 0), 0.0001, 0.00001, 0.0))
    return rows


def csv_rows(path):
    text = lzma.open(path, "rt").read() if path.endswith(".xz") else open(path).read()
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        epoch = r["EPOCH"]
        epoch_us = int(time.mktime(time.strptime(epoch[:19], "%Y-%m-%dT%H:%M:%S")) * 1e6) + int(epoch[20:26] or 0)
        rows.append((int(r["NORAD_CAT_ID"]), epoch_us, int(r.get("ELEMENT_SET_NO") or 999), r.get("OBJECT_NAME"), r.get("OBJECT_ID"),
                     float(r["MEAN_MOTION"]), float(r["ECCENTRICITY"]), float(r["INCLINATION"]),
                     float(r["RA_OF_ASC_NODE"]), float(r["ARG_OF_PERICENTER"]), float(r["MEAN_ANOMALY"]), 0, "U",
                     int(float(r["REV_AT_EPOCH"] or 0)), float(r["BSTAR"] or 0), float(r["MEAN_MOTION_DOT"] or 0),
                     float(r["MEAN_MOTION_DDOT"] or 0)))
    return rows


def sqlite_rate(rows, batch):
    with tempfile.TemporaryDirectory() as directory:
        db = sqlite3.connect(os.path.join(directory, "anchor.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        sql = "INSERT OR IGNORE INTO element_set VALUES (" + ",".join("?" * 19) + ")"
        full = [r + (1, 1_700_000_000_000_000) for r in rows]
        start = time.perf_counter()
        for i in range(0, len(full), batch):
            db.execute("BEGIN")
            db.executemany(sql, full[i:i + batch])
            db.execute("COMMIT")
        elapsed = time.perf_counter() - start
        db.close()
    return len(rows) / elapsed


def copy_text(value):
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def postgres_rate(rows, batch, url, staged):
    schema = "anchor_" + uuid.uuid4().hex
    create = (SCHEMA.replace("WITHOUT ROWID", "").replace("INTEGER", "bigint").replace("REAL", "float8")
              .replace("TEXT", "text"))
    with tempfile.TemporaryDirectory() as directory:
        script = [f"CREATE SCHEMA {schema};", f"SET search_path TO {schema};", create,
                  "CREATE TEMP TABLE stage (LIKE element_set) ON COMMIT DELETE ROWS;"]
        for i in range(0, len(rows), batch):
            path = os.path.join(directory, f"batch{i}.tsv")
            chunk = rows[i:i + batch]
            if not staged:
                # The store sends the first occurrence of each key of a batch (the history repeats some).
                seen, first = set(), []
                for r in chunk:
                    if r[:3] not in seen:
                        seen.add(r[:3])
                        first.append(r)
                chunk = first
            with open(path, "w") as f:
                for r in chunk:
                    f.write("\t".join(copy_text(v) for v in r + (1, 1_700_000_000_000_000)) + "\n")
            if staged:
                script += ["BEGIN;", f"\\copy stage FROM '{path}'",
                           "INSERT INTO element_set SELECT * FROM stage ON CONFLICT DO NOTHING;", "COMMIT;"]
            else:
                script += ["BEGIN;", f"\\copy element_set FROM '{path}'", "COMMIT;"]
        script.append(f"DROP SCHEMA {schema} CASCADE;")
        # Wall-clock time of the psql run (schema set-up and drop and psql's start included: a conservative anchor).
        start = time.perf_counter()
        subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"], input="\n".join(script),
                       capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - start
    return len(rows) / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", default="/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt")
    parser.add_argument("--history", default="/work/shared/data/history-iss/iss_gp_history_1998-11-20_2021-01-18.csv.xz")
    parser.add_argument("--postgres", default=os.environ.get("PERIGEE_BENCH_POSTGRES_URL") or os.environ.get("PERIGEE_TEST_POSTGRES_URL"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=20_000)
    args = parser.parse_args()
    rows = tle_rows(args.catalog) + csv_rows(args.history)
    print(f"anchor rows: {len(rows)}")
    sqlite_rates = [sqlite_rate(rows, args.batch_size) for _ in range(args.runs)]
    pg = pg_staged = "-"
    if args.postgres:
        pg = str(round(statistics.median(postgres_rate(rows, args.batch_size, args.postgres, False) for _ in range(args.runs))))
        pg_staged = str(round(statistics.median(postgres_rate(rows, args.batch_size, args.postgres, True) for _ in range(args.runs))))
    print(f"anchor_sqlite_sets_per_s={round(statistics.median(sqlite_rates))} anchor_postgres_sets_per_s={pg} "
          f"anchor_postgres_staged_sets_per_s={pg_staged}")


if __name__ == "__main__":
    main()
