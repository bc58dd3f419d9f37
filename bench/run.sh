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

echo "== deep size in one process: the C walk vs the pure-Python walk (warm-up, then best of 3)"
"$bench" "$here/pywalk.py"

# The wall time of each of N runs of the command given as arguments, in microseconds, sorted.
run_times_us() {
    n=$1
    shift
    i=0
    while [ "$i" -lt "$n" ]; do
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        echo $(( (t1 - t0) / 1000 ))
        i=$((i + 1))
    done | sort -n
}

# Median wall time, in milliseconds, of RUNS runs of the command given as arguments.
median_ms() {
    run_times_us "$RUNS" "$@" | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f\n", m / 1000 }'
}

# What the deep figures add to a user's run, in seconds: `BIN --setup SETUP --json x` less
# `--json 0` (the same start, setup and exit without them), each pair run back to back so both
# see the machine alike; the median of N pairs. (Two separate best-of-N figures, each ~0.3 s,
# left a ~10 ms difference swinging several times over on a loaded machine.)
walk_s() { # walk_s N SETUP
    n=$1 i=0
    while [ "$i" -lt "$n" ]; do
        if [ $((i % 2)) = 0 ]; then # every other pair the other way round: no order favoured
            with=$(run_ns "$2" x) without=$(run_ns "$2" 0)
        else
            without=$(run_ns "$2" 0) with=$(run_ns "$2" x)
        fi
        echo $((with - without))
        i=$((i + 1))
    done | sort -n | awk '{ v[NR] = $1 } END {
        printf "%.6f %.6f %.6f\n", v[int((NR + 1) / 2)] / 1e9, v[int((NR + 3) / 4)] / 1e9,
            v[int((3 * NR + 1) / 4)] / 1e9 }'
}
# The same figure timed by objscope itself inside the run (OBJSCOPE_BENCH_DESCRIBE): describing
# x, its deep figures included; the median of N runs, in seconds. Free of the start-up's and
# exit's noise, it is the steadier of the two.
describe_s() { # describe_s N SETUP
    i=0
    while [ "$i" -lt "$1" ]; do
        OBJSCOPE_BENCH_DESCRIBE=1 "$bin" --setup "$2" --json x 2>&1 >/dev/null |
            sed -n 's/^objscope-bench describe_us=//p'
        i=$((i + 1))
    done | sort -n | awk '{ v[NR] = $1 } END { printf "%.6f\n", v[int((NR + 1) / 2)] / 1e6 }'
}
run_ns() { # run_ns SETUP EXPR: the wall time of one `BIN --setup SETUP --json EXPR`
    t0=$(date +%s%N)
    "$bin" --setup "$1" --json "$2" >/dev/null 2>&1 || true
    echo $(( $(date +%s%N) - t0 ))
}

echo
echo "== deep size end to end, as a user runs it: 'objscope --setup S --json x', one graph to a"
echo "   process, against the pure-Python walk of the same graph (best of 3, a process of its own)."
echo "   in_run: the deep figures timed by objscope inside that run (OBJSCOPE_BENCH_DESCRIBE,"
echo "   median of 5). pairs: the same run less '--json 0' (same start-up, setup and exit without"
echo "   them), median of 15 back-to-back pairs, with the middle half of the pairs: when that"
echo "   spread is wider than the figure itself, the machine's noise hides it"
echo "   (target >= 25x on in_run, aim 40x; deep, exclusive and deep_getsizeof together)"
printf '%-24s %8s %9s %7s   %8s %7s %15s\n' graph in_run python ratio pairs ratio "middle half"
worst=""
for name in "list of 1M ints" "dict 200k str->list" "200k plain instances" \
            "200k slotted instances" "list nested 1M deep"; do
    setup="import sys; sys.path.insert(0, '$here'); import pywalk; x = pywalk.make_graph('$name')"
    walk=$(walk_s 15 "$setup")
    inrun=$(describe_s 5 "$setup")
    pyt=$(cd "$here" && "$py" -c "import pywalk; pywalk.time_walk('$name')")
    row=$(echo "$inrun $pyt $walk" | awk -v n="$name" '{
        i = ($1 < 0.0005) ? 0.0005 : $1; d = ($3 < 0.0005) ? 0.0005 : $3
        printf "%-24s %8.1f %9.1f %6.1fx   %8.1f %6.1fx %6.1f..%-7.1f", n, i * 1000, $2 * 1000,
            $2 / i, d * 1000, $2 / d, $4 * 1000, $5 * 1000 }')
    echo "$row"
    r=$(echo "$inrun $pyt" | awk '{ printf "%.1f", $2 / (($1 < 0.0005) ? 0.0005 : $1) }')
    if [ -z "$worst" ] || awk -v a="$r" -v b="$worst" 'BEGIN { exit !(a < b) }'; then worst=$r; fi
done
awk -v w="$worst" 'BEGIN { printf "lowest in-run ratio %.1fx (target >= 25x): %s\n", w, (w >= 25) ? "met" : "NOT met" }'
if "$py" -c "import pympler.asizeof" >/dev/null 2>&1; then
    echo "pympler.asizeof of the dict graph:"
    (cd "$here" && "$py" -c "import time, pywalk
from pympler import asizeof
g = pywalk.make_graph('dict 200k str->list'); t = time.perf_counter(); asizeof.asizeof(g)
print('  %.1f ms' % ((time.perf_counter() - t) * 1000))")
else
    echo "pympler is not importable by $py: no asizeof row (not a failure)"
fi

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
base="objscope-bench-$$"
sock="$base-0"
work=$(mktemp -d)
# Every terminal this run made, whatever subshell made it: its server is stopped, its socket
# removed.
end_terminals() {
    for s in "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$base-"*; do
        [ -S "$s" ] || continue
        tmux -S "$s" kill-server 2>/dev/null || true
        rm -f "$s"
    done
}
trap 'end_terminals; rm -rf "$work"' EXIT
# A 100x30 terminal running $work/run.sh, on a fresh tmux server each time: reusing a socket
# races with the old server's exit ("server exited unexpectedly"). The name is unique even when
# the caller is a $(...) subshell, whose counters the next call would not see.
new_terminal() {
    end_terminals
    sock="$base-$(date +%s%N)"
    tmux -L "$sock" new-session -d -x 100 -y 30 "sh $work/run.sh"
}
explorer() { # explorer EXPR FRAMES -> the report line
    rm -f "$work/report"
    printf 'export LC_ALL=C.UTF-8 XDG_STATE_HOME=%s OBJSCOPE_BENCH=%s OBJSCOPE_BENCH_FRAMES=%s\n%s 2> %s\ntouch %s\n' \
        "$work" "'$1'" "$2" "$bin" "$work/report.tmp" "$work/done" > "$work/run.sh"
    rm -f "$work/done"
    new_terminal
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

# Wait (up to 10 s) until the tmux terminal shows a line matching the pattern.
wait_screen() {
    i=0
    until tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q "$1" || [ $i -ge 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
}

# A bracketed paste of about 1 MB, measured inside the explorer (OBJSCOPE_BENCH_PASTE): from the
# paste's first byte to the first frame drawn after it, then the cost of a frame with it there.
paste_bench() { # paste_bench FILE -> the report line
    rm -f "$work/report.tmp" "$work/done"
    printf 'export LC_ALL=C.UTF-8 XDG_STATE_HOME=%s/paste-state OBJSCOPE_BENCH_PASTE=1\n%s 2> %s\ntouch %s\n' \
        "$work" "$bin" "$work/report.tmp" "$work/done" > "$work/run.sh"
    new_terminal
    wait_screen '>>>'
    tmux -L "$sock" load-buffer "$1"
    tmux -L "$sock" paste-buffer -p
    i=0
    while [ ! -e "$work/done" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    grep objscope-bench "$work/report.tmp"
}

echo
echo "== explorer: a 1 MB paste, from its first byte until it is on screen and editable (target < 1 s)"
"$py" -c 'import sys; sys.stdout.write("s = \"" + "x" * (1 << 20) + "\"")' > "$work/line.txt"
"$py" -c 'import sys; sys.stdout.write("".join("v%d = %d\n" % (i, i) for i in range(10000)))' > "$work/lines.txt"
one=$(paste_bench "$work/line.txt")
many=$(paste_bench "$work/lines.txt")
awk -v a="$(field "$one" editable_us)" -v f="$(field "$one" frame_after_us)" \
    -v b="$(field "$many" editable_us)" 'BEGIN {
    printf "one 1 MB line, left in the editor: editable after %.0f ms (%s); a frame with it there: %.1f ms\n", a / 1000, (a < 1000000) ? "met" : "NOT met", f / 1000
    printf "10,000 short statements pasted, each run as typed: prompt back after %.0f ms (%.0f us each)\n", b / 1000, b / 10000 }'

# Python threads at an idle prompt: a thread ticking every 10 ms, started at the prompt of the
# explorer and of Python's own REPL, each in a 100x30 tmux terminal left alone for 5 seconds.
TICK_LINE='import threading, time; ticks = [0]; threading.Thread(target=lambda: [(ticks.__setitem__(0, ticks[0] + 1), time.sleep(0.01)) for _ in iter(int, 1)], daemon=True).start(); first = ticks[0]'
ticks_at_prompt() { # ticks_at_prompt COMMAND -> the ticks counted in 5 s
    printf 'export LC_ALL=C.UTF-8 XDG_STATE_HOME=%s/tick-state PYTHONSTARTUP=\n%s\n' "$work" "$1" > "$work/run.sh"
    new_terminal
    wait_screen '>>>'
    tmux -L "$sock" send-keys "$TICK_LINE" Enter
    sleep 5
    tmux -L "$sock" send-keys 'print("ticked", ticks[0] - first)' Enter
    wait_screen '^ticked [0-9]'
    tmux -L "$sock" capture-pane -p | sed -n 's/^ticked \([0-9]*\).*/\1/p' | tail -n 1
}

echo
echo "== explorer: a Python thread ticking every 10 ms, 5 s at an idle prompt, vs Python's REPL (ideal ~500)"
ours=$(ticks_at_prompt "$bin")
theirs=$(ticks_at_prompt "$py -q")
awk -v o="${ours:-0}" -v p="${theirs:-0}" 'BEGIN {
    printf "objscope %d ticks, python %d ticks, ratio %.2fx (target ~1x: threads run while the prompt waits)\n", o, p, (p > 0 ? o / p : 0) }'
