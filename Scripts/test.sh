#!/usr/bin/env bash
# The test command (README, CI): a short bounded fuzz run of every decoder, then the whole Swift test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x Fuzz/run.sh ]; then
  Fuzz/run.sh "${PERIGEE_FUZZ_SECONDS:-10}"
fi
swift build --build-tests
swift test
# The web page in a real browser against a running `perigee serve` (needs chromium, chromium-driver and the selenium
# venv that .ci/run installs); the screenshot goes to artifacts/browser/perigee.png.
PERIGEE_BIN="$(swift build --show-bin-path)/perigee" Tests/Browser/run.sh
