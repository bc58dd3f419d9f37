#!/bin/sh
# run.sh — objscope's benchmarks (see bench/README.md). Prints ratios; never fails on timing.
# Usage: bench/run.sh BIN BENCH PY_EXE
#   BIN     the objscope binary (start-up time of `BIN --dump 1`)
#   BENCH   the deep_bench binary (C deep walk vs the pure-Python walk)
#   PY_EXE  the CPython it was built against (start-up time of `PY_EXE -c pass`)
# Exits non-zero only when deep_bench does (the C and Python walks disagree, or it failed).
set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 BIN BENCH PY_EXE" >&2
    exit 2
fi
bin=$1 bench=$2 py=$3
here=$(cd "$(dirname "$0")" && pwd)
RUNS=10

echo "== deep size: C walk vs pure-Python walk (warm-up, then best of 3; target >= 25x)"
"$bench" "$here/pywalk.py"

# Median wall time, in milliseconds, of RUNS runs of the command given as arguments.
median_ms() {
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        echo $(( (t1 - t0) / 1000 ))
        i=$((i + 1))
    done | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f\n", m / 1000 }'
}

echo
echo "== start-up: '$bin --dump 1' vs '$py -c pass' (median of $RUNS; target within 1.5x)"
# A --dump that prints nothing (or fails) is not implemented in this build yet.
if ! out=$("$bin" --dump 1 2>/dev/null) || [ -z "$out" ]; then
    echo "start-up: '$bin --dump 1' is not implemented in this build yet: skipped"
    exit 0
fi
obj_ms=$(median_ms "$bin" --dump 1)
py_ms=$(median_ms "$py" -c pass)
awk -v o="$obj_ms" -v p="$py_ms" 'BEGIN {
    r = (p > 0) ? o / p : 0
    printf "objscope %.1f ms, python %.1f ms, ratio %.2fx (target <= 1.5x): %s\n",
           o, p, r, (r <= 1.5) ? "met" : "NOT met" }'
