#!/bin/sh
# Usage: Tools/vmath/bench.sh [target-cpu]   e.g. haswell, skylake-avx512 (default: baseline x86-64)
# Compiles VectorMath's sources together with the harness (one module, -O) and runs it.
set -e
cd "$(dirname "$0")/../.."
out=${TMPDIR:-/tmp}/vmath-bench-${1:-baseline}
swiftc -O -wmo ${1:+-target-cpu $1} -module-name VMBench Sources/VectorMath/*.swift Tools/vmath/bench/main.swift -o "$out"
echo "target-cpu: ${1:-baseline}"
"$out"
