#!/usr/bin/env bash
# Builds every libFuzzer target of Perigee's element-set codecs and runs each for a bounded time.
#
#   Fuzz/run.sh [seconds-per-target] [target ...]     (default 60 s, all targets)
#
# Seed corpora are made from the test fixtures (Tests/ElementSetsTests/Fixtures) into Fuzz/corpus/<target>/;
# crash reproducers go to Fuzz/artifacts/<target>/. Prints executions and crashes per target and exits non-zero
# if any target crashed. Build flags (Linux): -Xswiftc -sanitize=fuzzer,address, release, one product at a time
# (see Sources/FuzzDriver/include/FuzzDriver.h for why -parse-as-library is not used).
set -u
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(FuzzTLE FuzzXML FuzzJSON FuzzCSV FuzzKVN FuzzAuto)
FIX=../Tests/ElementSetsTests/Fixtures
BUILD=.build-fuzz

seed() {  # seed TARGET NAME < bytes
    mkdir -p "corpus/$1"
    head -c 8192 > "corpus/$1/$2"
}

make_seeds() {
    local t=$1
    case $t in
    FuzzTLE)
        head -9 "$FIX/catalog-2023-10-head300.3le" | seed $t catalog-head
        head -6 "$FIX/catalog-2023-10-alpha5-T.3le" | seed $t alpha5
        head -6 "$FIX/history/ISS.tle" | seed $t iss-2le
        sed -n 496,499p "$FIX/history/GALAXY_18.tle" | seed $t galaxy18-short-line
        head -9 "$FIX/omm-samples/celestrak-orbcomm-2025-07-19/orbcomm.tle" | seed $t orbcomm-crlf
        for f in "$FIX"/omm-samples/gpconf-derived/derived/corrupt-input/*.tle; do seed $t "$(basename "$f")" < "$f"; done
        head -3 "$FIX/omm-samples/gpconf-derived/derived/alpha5-tle/alpha5-synthetic-letters.tle" | seed $t letters
        ;;
    FuzzXML)
        head -c 3000 "$FIX/omm-samples/celestrak-orbcomm-2025-07-19/orbcomm_first15.xml" | seed $t orbcomm-cut
        seed $t v07 < "$FIX/omm-samples/gpconf-derived/derived/kvn-variants/v07-xml-ndm-reserialised.xml"
        printf '<?xml version="1.0"?><xml><item><EPOCH>2020-12-01T00:19:13.612800</EPOCH><MEAN_MOTION>15.06569454</MEAN_MOTION><ECCENTRICITY>0.00013430</ECCENTRICITY><INCLINATION>53.0204</INCLINATION><RA_OF_ASC_NODE>116.7927</RA_OF_ASC_NODE><ARG_OF_PERICENTER>163.1588</ARG_OF_PERICENTER><MEAN_ANOMALY>196.9445</MEAN_ANOMALY><NORAD_CAT_ID>46047</NORAD_CAT_ID><OBJECT_NAME>A &amp; B</OBJECT_NAME></item></xml>' | seed $t flat
        ;;
    FuzzJSON)
        for f in "$FIX"/omm-samples/gpconf-derived/derived/corrupt-input/*.json; do seed $t "$(basename "$f")" < "$f"; done
        xz -dc "$FIX/omm-samples/spacetrack-2020-055/2020-055_all-id_elset_20201201-20201203.json.xz" | head -c 2600 | seed $t spacetrack-cut
        xz -dc "$FIX/history/iss_spacetrack_gp_history_2025-09-27_2025-12-25.json.xz" | head -36 | seed $t iss-legacy-epoch
        ;;
    FuzzCSV)
        for f in "$FIX"/omm-samples/gpconf-derived/derived/corrupt-input/*.csv; do seed $t "$(basename "$f")" < "$f"; done
        head -4 "$FIX/history/iss_gp_history_first500.csv" | seed $t iss-history
        ;;
    FuzzKVN)
        for f in "$FIX"/omm-samples/gpconf-derived/derived/kvn-variants/*.kvn; do seed $t "$(basename "$f")" < "$f"; done
        ;;
    FuzzAuto)
        for s in FuzzTLE FuzzXML FuzzJSON FuzzCSV FuzzKVN; do make_seeds $s; cp corpus/$s/* "corpus/$t/" 2>/dev/null || { mkdir -p "corpus/$t"; cp corpus/$s/* "corpus/$t/"; }; done
        head -c 4000 "$FIX/omm-samples/celestrak-orbcomm-2025-07-19/orbcomm.tle.gz" | seed $t orbcomm-gz
        head -12 "$FIX/history/ISS.tle" | xz -c | seed $t iss-xz
        head -12 "$FIX/history/ISS.tle" | gzip -c | seed $t iss-gz
        ;;
    esac
}

declare -A EXECS CRASHES
status=0
for t in "${TARGETS[@]}"; do
    echo "== building $t"
    if ! swift build -c release --build-path "$BUILD" -Xswiftc -sanitize=fuzzer,address --product "$t" > "build-$t.log" 2>&1; then
        echo "build of $t failed; see Fuzz/build-$t.log"; tail -20 "build-$t.log"; exit 2
    fi
    make_seeds "$t"
    mkdir -p "artifacts/$t"
    echo "== running $t for ${SECONDS_PER_TARGET}s"
    SWIFT_BACKTRACE=enable=no "$BUILD/release/$t" "corpus/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="artifacts/$t/" > "run-$t.log" 2>&1
    rc=$?
    EXECS[$t]=$(grep -E '^stat::number_of_executed_units' "run-$t.log" | awk '{print $2}')
    CRASHES[$t]=$(find "artifacts/$t" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    if [ "$rc" -ne 0 ] || [ "${CRASHES[$t]}" -ne 0 ]; then
        status=1
        grep -E 'ERROR|Fatal error|SUMMARY' "run-$t.log" | head -5
    fi
done
echo
printf '%-10s %14s %8s\n' target executions crashes
for t in "${TARGETS[@]}"; do printf '%-10s %14s %8s\n' "$t" "${EXECS[$t]:-?}" "${CRASHES[$t]:-?}"; done
exit $status
