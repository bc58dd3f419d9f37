#!/bin/sh
# run.sh — objscope's benchmarks (see bench/README.md). Prints ratios; never fails on timing.
# Usage: bench/run.sh BIN BENCH PY_EXE [LEAK]
#   BIN     the objscope binary (start-up time of `BIN --dump 1`)
#   BENCH   the deep_bench binary (C deep walk vs the pure-Python walk)
#   PY_EXE  the CPython it was built against (start-up time of `PY_EXE -c pass`)
#   LEAK    the leak_bench binary (RSS after 10,000 evaluations against after 100)
# Exits non-zero only when deep_bench does (the C and Python walks disagree, or it failed).
set -eu

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "usage: $0 BIN BENCH PY_EXE [LEAK]" >&2
    exit 2
fi
bin=$1 bench=$2 py=$3 leak=${4:-}
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

if [ -n "$leak" ]; then
    echo
    echo "== memory: RSS after 10,000 evaluations vs after 100 (each a run, repr, layout, print, completion and check through the door; target: no growth that does not level off)"
    "$leak"
fi

echo
echo "== start-up: '$bin --dump 1' vs '$py -c pass' (median of $RUNS; target within 1.5x)"
obj_ms=$(median_ms "$bin" --dump 1)
py_ms=$(median_ms "$py" -c pass)
awk -v o="$obj_ms" -v p="$py_ms" 'BEGIN {
    r = (p > 0) ? o / p : 0
    printf "objscope %.1f ms, python %.1f ms, ratio %.2fx (target <= 1.5x): %s\n",
           o, p, r, (r <= 1.5) ? "met" : "NOT met" }'

# The explorer, measured inside a real 100x30 terminal (tmux), with OBJSCOPE_BENCH: the explorer
# shows an expression, draws full frames, and reports on stderr once the terminal is restored.
sock="objscope-bench-$$"
work=$(mktemp -d)
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work" "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"' EXIT
explorer() { # explorer EXPR FRAMES -> the report line
    rm -f "$work/report"
    printf 'export LC_ALL=C.UTF-8 XDG_STATE_HOME=%s OBJSCOPE_BENCH=%s OBJSCOPE_BENCH_FRAMES=%s\n%s 2> %s\ntouch %s\n' \
        "$work" "'$1'" "$2" "$bin" "$work/report.tmp" "$work/done" > "$work/run.sh"
    rm -f "$work/done"
    tmux -L "$sock" kill-server 2>/dev/null || true
    tmux -L "$sock" new-session -d -x 100 -y 30 "sh $work/run.sh"
    i=0
    while [ ! -e "$work/done" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    grep objscope-bench "$work/report.tmp"
}
field() { printf '%s\n' "$1" | sed -n "s/.*$2=\([0-9.]*\).*/\1/p"; }

echo
echo "== explorer: time to first frame, from main() (best of 3) vs '$py -c pass' (whole run, median)"
best=""
for _ in 1 2 3; do
    f=$(field "$(explorer "" 1)" first_frame_us)
    if [ -z "$best" ] || [ "${f%.*}" -lt "${best%.*}" ]; then best=$f; fi
done
py_ms=$(median_ms "$py" -c pass)
awk -v f="$best" -v p="$py_ms" 'BEGIN {
    printf "explorer %.1f ms to its first frame, python %.1f ms, ratio %.2fx\n", f / 1000, p, (p > 0 ? f / 1000 / p : 0) }'

echo
echo "== explorer: frame time for a 10,000,000-item list vs a 3-item list (100 full redraws)"
small=$(explorer "[1, 2, 3]" 100)
big=$(explorer "list(range(10**7))" 100)
fs=$(field "$small" frame_us) fb=$(field "$big" frame_us)
ss=$(field "$small" show_us) sb=$(field "$big" show_us)
awk -v fs="$fs" -v fb="$fb" -v ss="$ss" -v sb="$sb" 'BEGIN {
    printf "frame: 3 items %.0f us, 10M items %.0f us, ratio %.2fx (target ~1x: work in proportion to the screen)\n", fs, fb, (fs > 0 ? fb / fs : 0)
    printf "open (describe + rows): 3 items %.0f us, 10M items %.0f us\n", ss, sb }'

echo
echo "== explorer: resident memory when idle vs a bare '$py'"
idle=$(explorer "" 1)
rss=$(field "$idle" rss_kb)
py_rss=$("$py" -c 'print([l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS")][0])')
awk -v a="$rss" -v b="$py_rss" 'BEGIN { printf "explorer %d kB, python %d kB, ratio %.2fx\n", a, b, (b > 0 ? a / b : 0) }'
