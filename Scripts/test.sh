#!/usr/bin/env bash
# The test command (README, CI): a short bounded fuzz run of every decoder, then the whole Swift test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x Fuzz/run.sh ]; then
  Fuzz/run.sh "${PERIGEE_FUZZ_SECONDS:-10}"
fi
swift build --build-tests
swift test
