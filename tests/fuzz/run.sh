#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS TARGET... — what `make fuzz` runs: builds each fuzz target and runs it
# for SECONDS, then says what it found. With clang's libFuzzer (coverage-guided, with
# AddressSanitizer and UndefinedBehaviorSanitizer) when clang can link it; otherwise with the
# bounded random-input loop of driver.c under the same sanitizers; it prints which. Seeds: the
# inputs in tests/fuzz/TARGET/ and the shipped files (lessons/, assets/themes/); libFuzzer keeps
# what it learns in build/fuzz/corpus/TARGET/. A crashing input is kept in build/fuzz/found/.
# Environment: MAKE (the make to build with); FUZZ_ENGINE=random uses the random loop even where
# libFuzzer is available.
set -u
seconds=$1
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
out=build/fuzz
mkdir -p "$out"
make=${MAKE:-make}

seeds_of() { # the seed folders of a target
    printf 'tests/fuzz/%s' "$1"
    case $1 in
        lesson) printf ' lessons' ;;
        theme) printf ' assets/themes' ;;
    esac
}

probe='int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n; }'
if [ "${FUZZ_ENGINE:-}" = random ]; then
    mode=random
    echo "fuzz: the bounded random-input loop (FUZZ_ENGINE=random), $seconds s per target"
elif command -v clang > /dev/null &&
    printf '%s\n' "$probe" | clang -x c - -fsanitize=fuzzer,address,undefined -o "$out/probe" 2> "$out/probe.log"; then
    mode=libfuzzer
    echo "fuzz: libFuzzer ($(clang --version | head -n 1)), $seconds s per target"
else
    mode=random
    echo "fuzz: clang's libFuzzer is not available ($(tail -n 1 "$out/probe.log" 2>/dev/null || echo 'no clang'));"
    echo "fuzz: using the bounded random-input loop (no coverage guidance), $seconds s per target"
fi
rm -f "$out/probe" "$out/probe.log"
$make --no-print-directory fuzz-build FUZZ_MODE=$mode || exit 2

found=0
for t in "$@"; do
    bin="$out/$mode/fuzz_$t"
    crashes="$out/found/$t"
    rm -rf "$crashes"
    mkdir -p "$crashes" "$out/corpus/$t"
    log="$out/$t.log"
    # shellcheck disable=SC2046 # seeds_of gives words
    if [ $mode = libfuzzer ]; then
        dict=()
        [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
        "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$crashes/" "${dict[@]}" "$out/corpus/$t" $(seeds_of "$t") > "$log" 2>&1
        status=$?
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    else
        "$bin" --random "$seconds" --crashes "$crashes" $(seeds_of "$t") > "$log" 2>&1
        status=$?
        runs=$(sed -n 's/.*: \([0-9]*\) random inputs.*/\1/p' "$log")
    fi
    n=$(find "$crashes" -type f | wc -l)
    if [ "$n" -eq 0 ] && [ "$status" -ne 0 ]; then
        n=1 # died without leaving its input: the log says why
    fi
    found=$((found + n))
    line=$(printf '%-8s %12s executions  %d crash(es)' "$t" "${runs:-?}" "$n")
    [ "$n" -gt 0 ] && line="$line: $(grep -m1 -E 'ERROR|broken promise|SUMMARY' "$log") (log: $log)"
    printf '%s\n' "$line"
done
echo "fuzz: $found crash(es) found"
if [ "$found" -gt 0 ]; then
    echo "fuzz: each crashing input is in $out/found/TARGET/; fix the code, then copy the input into"
    echo "      tests/fuzz/TARGET/, where make check replays it as a regression test"
    exit 1
fi
