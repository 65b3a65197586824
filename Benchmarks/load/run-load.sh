#!/usr/bin/env bash
# Load and fault run for `perigee serve` (reported, not a timed test).
#
# 1. Builds the release binary, ingests the bundled 2023-10-09 catalog (26,140 sets) and the 2023 H1 ISS history
#    into a temporary SQLite file and into a PostgreSQL schema.
# 2. Serves SQLite and measures, with wrk --latency: a single position, a day of passes for one object over one
#    site, and a history query (requests/s, p50, p99).
# 3. Serves PostgreSQL and runs 60 s of the single-position load plus history queries with ~5 % malformed
#    requests mixed in, sampling the server's RSS every 5 s and restarting PostgreSQL (pg_ctlcluster 15 main
#    restart) after 25 s; then checks that the server answers again without a restart of its own, restarts
#    PostgreSQL once more with the server idle and checks the next request, and times the SIGTERM shutdown.
#
# Environment: PERIGEE_LOAD_PORT (default 18080), PERIGEE_LOAD_SECONDS (per measurement, default 15),
# PERIGEE_LOAD_CONNECTIONS (default 32), PERIGEE_TEST_POSTGRES_URL (default the local perigee_test database),
# PERIGEE_LOAD_SKIP_RESTART=1 to leave PostgreSQL alone. Needs wrk (apt-get install wrk) and curl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/Benchmarks/load"
PORT=${PERIGEE_LOAD_PORT:-18080}
SECONDS_EACH=${PERIGEE_LOAD_SECONDS:-15}
CONNECTIONS=${PERIGEE_LOAD_CONNECTIONS:-32}
PG_URL=${PERIGEE_TEST_POSTGRES_URL:-postgres://perigee:perigee@127.0.0.1:5432/perigee_test}
WORK=$(mktemp -d /tmp/perigee-load.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
cd "$ROOT"
echo "== build (release)"
swift build -c release --product perigee 2>&1 | tail -1
BIN="$ROOT/.build/release/perigee"
CATALOG="$ROOT/Sources/Catalog/Resources/catalog-2023-10-09.3le.xz"
ISS="$ROOT/Tests/ElementSetsTests/Fixtures/history/ISS.tle"

echo "== ingest into SQLite ($WORK/catalog.sqlite)"
"$BIN" ingest --database "$WORK/catalog.sqlite" "$CATALOG" "$ISS" 2>/dev/null | grep -E "new element sets|rejected" || true

start_server() {  # $1: database
  "$BIN" serve --database "$1" --port "$PORT" --rate-limit-per-second 1000000000 --rate-burst 1000000000 \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server did not start:"; cat "$WORK/server.log"; exit 1
}
stop_server() {  # SIGTERM, then reports how long the graceful shutdown took (SIGKILL after 15 s, reported)
  local started=$(date +%s.%N) waited=0
  kill "$SERVER_PID"
  while kill -0 "$SERVER_PID" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server ignored SIGTERM for 15 s; killing it" | tee -a "$WORK/summary.txt"; kill -9 "$SERVER_PID"
  else
    awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "server stopped %.1f s after SIGTERM\n", b - a }'
  fi
  wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }

AT="2023-10-09T12:00:00Z"
POSITION="/api/v1/positions?at=$AT&catalog_number=25544"
PASSES="/api/v1/passes?catalog_number=25544&latitude=37.5665&longitude=126.978&height_m=38&start=2023-10-09T00:00:00Z&end=2023-10-10T00:00:00Z"
HISTORY="/api/v1/objects/25544/history?format=omm-json&from=2023-03-01T00:00:00Z&to=2023-04-01T00:00:00Z"

measure() {  # $1: label, $2: path
  curl -fs "http://127.0.0.1:$PORT$2" >/dev/null  # warm the cache
  local out
  out=$(PATHS="$2" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s "$HERE/count.lua" "http://127.0.0.1:$PORT" 2>&1)
  local rps p50 p99 status
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '/^ +50%/ {print $2}')
  p99=$(echo "$out" | awk '/^ +99%/ {print $2}')
  status=$(echo "$out" | grep '^STATUS' | cut -d' ' -f2-)
  printf "%-22s %10s req/s   p50 %-9s p99 %-9s %s\n" "$1" "$rps" "$p50" "$p99" "$status" | tee -a "$WORK/summary.txt"
}

echo "== load (SQLite, $CONNECTIONS connections, 2 wrk threads, ${SECONDS_EACH}s each; $(nproc) cores shared with wrk)"
start_server "$WORK/catalog.sqlite"
echo "server RSS after start: $(rss_kb) kB"
measure "single position" "$POSITION"
measure "day of passes" "$PASSES"
measure "history (1 month)" "$HISTORY"
echo "server RSS after load: $(rss_kb) kB"
stop_server

echo "== fault run (PostgreSQL): 60 s, ~5 % malformed, PostgreSQL restart at 25 s"
SCHEMA="perigee_load_$$"
PG="$PG_URL?schema=$SCHEMA"
"$BIN" ingest --database "$PG" "$CATALOG" "$ISS" 2>/dev/null | grep -E "new element sets" || true
start_server "$PG"
curl -fs "http://127.0.0.1:$PORT$POSITION" >/dev/null
BAD='/api/v1/positions?at=garbage|/api/v1/objects/abc|/api/v1/objects/25544/track?step_s=0|/api/v1/passes?latitude=999&longitude=0|/api/v1/objects/25544/history?from=x|/api/v1/launches/%27%3B--|/api/v1/nothing|/api/v1/positions?catalog_number=-5'
# The valid load: 19 of 20 connections; the malformed one is paced to ~5 % of the valid rate measured above.
VALID_RPS=$(awk '/single position/ {print int($3)}' "$WORK/summary.txt")
BAD_DELAY=$(awk -v r="$VALID_RPS" 'BEGIN { b = r * 0.05 / 0.95; if (b < 1) b = 1; printf "%d", 1000 / b * 2 }')
(PATHS="$POSITION|$POSITION|$POSITION|$POSITION|$POSITION|$POSITION|$POSITION|$POSITION|$POSITION|$HISTORY" \
  wrk -t2 -c30 -d60s --latency -s "$HERE/count.lua" "http://127.0.0.1:$PORT" >"$WORK/valid.txt" 2>&1) &
VALID_PID=$!
(PATHS="$BAD" DELAY_MS="$BAD_DELAY" wrk -t1 -c2 -d60s -s "$HERE/count.lua" "http://127.0.0.1:$PORT" >"$WORK/bad.txt" 2>&1) &
BAD_PID=$!
: >"$WORK/rss.txt"
for t in $(seq 5 5 60); do
  sleep 5
  echo "t=${t}s rss_kb=$(rss_kb)" >>"$WORK/rss.txt"
  if [ "$t" = 25 ] && [ "${PERIGEE_LOAD_SKIP_RESTART:-0}" != 1 ]; then
    echo "restarting PostgreSQL at t=25 s"; pg_ctlcluster 15 main restart
  fi
done
wait "$VALID_PID" "$BAD_PID" || true
ALIVE=$(kill -0 "$SERVER_PID" 2>/dev/null && echo yes || echo no)
AFTER_HEALTH=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT/health")
AFTER_HISTORY=$(curl -s -o /dev/null -w "%{http_code}" "http://127.0.0.1:$PORT$HISTORY")
cat "$WORK/rss.txt"
echo "valid requests:     $(grep -h '^STATUS\|Requests/sec' "$WORK/valid.txt" | tr '\n' ' ')"
echo "malformed requests: $(grep -h '^STATUS\|Requests/sec' "$WORK/bad.txt" | tr '\n' ' ')"
echo "server alive after the run: $ALIVE; /health after restart: $AFTER_HEALTH; history query after restart: $AFTER_HISTORY"
if [ "${PERIGEE_LOAD_SKIP_RESTART:-0}" != 1 ]; then
  # A restart while no request is running: the next request must reconnect, not wait on the dead connection.
  echo "restarting PostgreSQL with the server idle"; pg_ctlcluster 15 main restart; sleep 1
  IDLE=$(curl -s -m 15 -o /dev/null -w "%{http_code} in %{time_total} s" "http://127.0.0.1:$PORT/health" || true)
  echo "/health after an idle restart: $IDLE" | tee -a "$WORK/summary.txt"
fi
stop_server
psql "$PG_URL" -q -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
echo "== summary"
cat "$WORK/summary.txt"
rm -rf "$WORK"
