#!/bin/sh
# Usage: Tools/batchbench/run.sh [time|compare] [target-cpu]
#   time     ns per near-earth propagation, 1 and 2 threads, whole 2023-10 catalog x 1441 one-minute steps
#   compare  batch vs scalar over the whole catalog for one day (max |dr|, |dv|, failure agreement)
# Builds the library in release with SwiftPM (scratch path per CPU, PERIGEE_TARGET_CPU set), then compiles this
# harness against the built modules and links their object files.
set -e
cd "$(dirname "$0")/../.."
mode=${1:-time}
cpu=$2
scratch=.build-bench${cpu:+-$cpu}
PERIGEE_TARGET_CPU=$cpu swift build -c release --scratch-path "$scratch" --target Propagation >/dev/null
rel="$scratch/release"
objs=$(ls $rel/Astrodynamics.build/*.o $rel/ElementSets.build/*.o $rel/Decompression.build/*.o $rel/VectorMath.build/*.o $rel/Propagation.build/*.o)
swiftc -O ${cpu:+-target-cpu $cpu} -I "$rel/Modules" -I Sources/CZlib -I Sources/CLzma Tools/batchbench/main.swift $objs -lz -llzma -o "$rel/batchbench"
"$rel/batchbench" "$mode" $3
