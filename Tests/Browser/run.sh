#!/usr/bin/env bash
# Real-browser test of the web page: builds (or takes) the perigee binary, ingests a small fixture catalog
# into a temporary SQLite database, starts `perigee serve` on a free port, runs the Selenium test in headless
# Chromium and saves the screenshots to artifacts/browser/ (perigee.png is the CI artifact).
#
# Environment:
#   PERIGEE_BIN             perigee binary to use (default: build it with `swift build --product perigee`)
#   PERIGEE_BROWSER_PYTHON  Python with selenium (default: $PERIGEE_BROWSER_VENV/bin/python, else python3)
#   PERIGEE_BROWSER_VENV    venv holding selenium (default /tmp/browser-venv if it exists)
#   CHROMIUM, CHROMEDRIVER  browser and driver (default /usr/bin/chromium, /usr/bin/chromedriver)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

if [[ -n "${PERIGEE_BIN:-}" ]]; then
    BIN="$PERIGEE_BIN"
else
    echo "== building perigee"
    swift build --product perigee
    BIN="$(swift build --show-bin-path)/perigee"
fi
[[ -x "$BIN" ]] || { echo "error: perigee binary not found at $BIN" >&2; exit 2; }

VENV="${PERIGEE_BROWSER_VENV:-/tmp/browser-venv}"
if [[ -n "${PERIGEE_BROWSER_PYTHON:-}" ]]; then
    PY="$PERIGEE_BROWSER_PYTHON"
elif [[ -x "$VENV/bin/python" ]]; then
    PY="$VENV/bin/python"
else
    PY=python3
fi
"$PY" -c 'import selenium' 2>/dev/null || {
    echo "error: $PY has no selenium (python3 -m venv $VENV && $VENV/bin/pip install -r Tests/Browser/requirements.txt)" >&2
    exit 2
}
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
for tool in "$CHROMIUM" "$CHROMEDRIVER"; do
    [[ -x "$tool" ]] || { echo "error: $tool missing (apt-get install chromium chromium-driver)" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/perigee-browser.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Fixture catalog: the 16-object October 2023 sample (map, search, passes, launch 1998-067 = ISS) plus the
# ISS history of January-May 2023 (object page plots, reboosts), NUTSAT's decay to re-entry, and a week of
# twelve Starlinks of May 2026 (launch 2026-073: a satellite raising its orbit, so a last manoeuvre).
DB="$WORK/fixture.sqlite"
echo "== ingesting the fixture catalog into $DB"
"$BIN" ingest --database "$DB" \
    Samples/sample-2023-10.3le \
    Tests/ElementSetsTests/Fixtures/history/ISS.tle \
    Tests/OrbitHistoryTests/Fixtures/decay/NUTSAT.tle \
    Tests/OrbitHistoryTests/Fixtures/sustained-raise/starlink_week_2026-05.tle

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
echo "== starting perigee serve on 127.0.0.1:$PORT"
"$BIN" serve --host 127.0.0.1 --port "$PORT" --database "$DB" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
    if "$PY" - "$PORT" <<'PYEOF' 2>/dev/null; then break; fi
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
PYEOF
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "error: perigee serve exited:" >&2; cat "$WORK/serve.log" >&2; exit 1
    fi
    sleep 0.5
done

ARTIFACTS="$ROOT/artifacts/browser"
mkdir -p "$ARTIFACTS"
status=0
"$PY" Tests/Browser/browser_test.py --base-url "http://127.0.0.1:$PORT" --artifacts "$ARTIFACTS" \
    --chromium "$CHROMIUM" --chromedriver "$CHROMEDRIVER" "$@" || status=$?
cp "$WORK/serve.log" "$ARTIFACTS/serve.log" 2>/dev/null || true
if [[ $status -ne 0 ]]; then
    echo "== browser test FAILED (screenshots and server log in $ARTIFACTS)" >&2
fi
exit $status
