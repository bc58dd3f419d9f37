#!/usr/bin/env bash
# tests/e2e/cli.sh BIN — the batch modes inside a real terminal, as a person would see them: the
# diagram in a UTF-8 terminal at its width (or --width), big offsets and sizes whole, the ASCII
# fallback in the C locale, hostile text kept escaped; and batch runs that must end (code that
# loops in __sizeof__ or __repr__, huge values), output of child processes in order, --json text
# that round-trips, and --check-lesson that a lesson's code can neither forge nor hang.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

# batch SECONDS ARGS...: objscope outside a terminal, killed if it outlives SECONDS (a hang then
# shows as status 137); sets out, err and rc.
batch() {
    local limit=$1
    shift
    timeout -s KILL "$limit" "$bin" "$@" > "$work/out" 2> "$work/err"
    rc=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
}

# A lesson file whose step has an example, a check and a solution.
lesson() { # lesson FILE EXAMPLE CHECK
    printf '# Lint\n\nA lesson.\n\n## Step\n\nProse.\n\n```python\n%s\n```\n\n```check\n%s\n```\n\n```solution\nx = 2\n```\n' \
        "$2" "$3" > "$1"
}

# The linter's 30-second limit must cover a thread an example leaves running: started first,
# it runs while the terminal tests below do.
lesson "$work/thread.md" $'import threading, time\nthreading.Thread(target=time.sleep, args=(3600,)).start()' 'x == 2'
timeout -s KILL 60 "$bin" --check-lesson "$work/thread.md" > "$work/thread.out" 2>&1 &
thread_lint=$!

# Run objscope with the given locale and arguments in a fresh 100x30 terminal; print the screen
# (with scrollback) once it has finished.
screen_of() {
    local locale=$1; shift
    {
        echo "export LC_ALL=$locale"
        printf '%q ' "$bin" "$@"
        echo
        echo 'echo __done__; sleep 30'
    } > "$work/cmd.sh"
    new_terminal 100 30 "bash $work/cmd.sh"
    for _ in $(seq 1 100); do
        t capture-pane -p -S -200 2>/dev/null | grep -q __done__ && break
        sleep 0.1
    done
    t capture-pane -p -S -200
}

s=$(screen_of C.UTF-8 --dump "[1, 2, 3]")
check "diagram shows the list header" "$s" "ob_refcnt +$refcnt_ctype +header" 1
check "diagram shows the item array" "$s" "ob_item array at 0x[0-9a-f]+: 32 bytes" 1
check "UTF-8 box drawing" "$s" "┌─+┐" 1
check "size summary reconciles" "$s" "= sys.getsizeof +88" 1
width=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
check "lines fit in 100 columns (widest: $width)" "$width" "^([0-9]|[0-9][0-9]|100)$" 1

check "the diagram takes the terminal's width (widest: $width)" "$width" "^100$" 1

s=$(screen_of C.UTF-8 --dump "list(range(10**6))")
check "a 7-digit offset is shown whole" "$s" "│ 7999992       8  ob_item\[999999\]" 1
check "...and so is a 7-digit size" "$s" "│      64 7999920  ob_item\[8\.\.999997\]" 1
check "sizes are grouped in threes" "$s" "= sys\.getsizeof +8,000,056$" 1
width=$(printf '%s\n' "$s" | grep '│' | LC_ALL=C.UTF-8 wc -L)
check "the box still fits the terminal (widest: $width)" "$width" "^100$" 1

s=$(screen_of C.UTF-8 --dump "[1, 2, 3]" --width 80)
width=$(printf '%s\n' "$s" | grep '[│┌└]' | LC_ALL=C.UTF-8 wc -L)
check "--width 80 draws the boxes 80 wide (widest: $width)" "$width" "^80$" 1
out=$("$bin" --dump "[1, 2, 3]" | LC_ALL=C.UTF-8 wc -L)
check "piped, --dump is 97 wide as before ($out)" "$out" "^97$" 1
out=$("$bin" --dump 1 --width wide 2>&1; echo "status $?")
check "--width wants a number" "$out" "--width needs a number of columns from 1 to 1000, not 'wide'" 1
check "...exit status 2" "$out" "status 2$" 1
out=$("$bin" --json 1 --width 80 2>&1; echo "status $?")
check "--width goes only with --dump and --svg" "$out" "--width goes with --dump or --svg" 1

s=$(screen_of C --dump "'caf\\u00e9'")
check "ASCII fallback in the C locale" "$s" "\\+-+\\+" 1
check "non-ASCII escaped in the C locale" "$s" "caf\\\\u00e9" 1

s=$(screen_of C.UTF-8 --dump "'\\x1b[2J\\x1b[31mred'")
check "escape sequences are shown, not obeyed" "$s" "x1b\\[2J" 1

s=$(screen_of C.UTF-8 --dump "nope")
check "a NameError reads like Python's" "$s" "NameError: name 'nope' is not defined" 1

# a __sizeof__ that never returns is stopped, with a message
batch 20 --setup $'class A:\n    def __sizeof__(self):\n        while True: pass' --dump 'A()'
check "a looping __sizeof__ ends the dump with status 1 (got $rc)" "$rc" "^1$" 1
check "and says what was stopped" "$err" "__sizeof__ override failed: timed out after 2 s" 1
check "the diagram is still drawn" "$out" "sys.getsizeof" 1

# a SIGINT handler that swallows interrupts cannot keep a looping __repr__ going
batch 20 --setup $'import signal\nsignal.signal(signal.SIGINT, lambda *a: None)\nclass R:\n    def __repr__(self):\n        while True: pass' --dump 'R()'
check "a swallowing SIGINT handler does not hang a __repr__ (status $rc)" "$rc" "^1$" 1
check "the repr says it timed out" "$err" "repr timed out after 2 s" 1

# code that no interrupt reaches (a C loop) ends a batch run after its limit and 5 s more
batch 30 --setup $'import itertools\nclass C:\n    def __repr__(self):\n        return str(sum(itertools.repeat(1)))' --dump 'C()'
check "code that ignores every interrupt ends the run (status $rc)" "$rc" "^1$" 1
check "and says why" "$err" "ignored every interrupt for 5 s after its time limit; giving up" 1

# huge values: the repr costs what is shown
batch 30 --dump 'bytes(100_000_000)'
check "bytes(10**8) dumps with status 0 (got $rc)" "$rc" "^0$" 1
check "its repr is cut in the middle" "$(printf '%s\n' "$out" | sed '/^bytes · /,$d' | tr -d '\n')" "^b'\\\\x00[\\\\x0]*\.\.\.[\\\\x0]*\\\\x00'$" 1
batch 30 --dump 'bytearray(100_000_000)'
check "bytearray(10**8) dumps with status 0 (got $rc)" "$rc" "^0$" 1

# child processes write in order with Python's own output, and to the right stream
batch 20 --setup $'import os, subprocess\nprint("a")\nos.system("echo b")\nsubprocess.run(["sh", "-c", "echo oops >&2"])\nprint("c")' --dump 1
check "a child's output comes in order with print()" "$(printf '%s\n' "$out" | head -3 | tr '\n' ' ')" "^a b c $" 1
check "a child's stderr goes to stderr" "$err" "^oops$" 1

# --json gives names back exactly: quote, backslash and escape round-trip
batch 20 --setup 'T = type("q\"b\\c\x1bd", (), {})' --json 'T()'
check "--json of a hostile type name succeeds (status $rc)" "$rc" "^0$" 1
check "and holds no raw escape character" "$out" $'\x1b' 0
check "its type and repr round-trip exactly" \
    "$(printf '%s' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); n = "q\"b\\c\x1bd"; print(d["type"] == n, d["repr"].startswith("<__main__." + n + " object at "))')" \
    "^True True$" 1

# --check-lesson: a lesson's code can neither make it pass nor choose its status
lesson "$work/exit0.md" 'x = 1' "__import__('os')._exit(0)"
batch 60 --check-lesson "$work/exit0.md"
check "a check calling os._exit(0) does not pass the lint (status $rc)" "$rc" "^1$" 1
check "and the lint says the lesson's code may not end it" "$out" "exit0.md:[0-9]+: check failed after the solution: .*os\._exit\(\) would end objscope" 1
lesson "$work/exit3.md" 'x = 1' "__import__('os')._exit(3)"
batch 60 --check-lesson "$work/exit3.md"
check "os._exit(3) in a check does not choose the status (got $rc)" "$rc" "^1$" 1
lesson "$work/fine.md" 'x = 1' 'x == 2'
batch 60 --check-lesson "$work/fine.md"
check "a good lesson still passes (status $rc)" "$rc" "^0$" 1
wait "$thread_lint"
rc=$?
check "a thread left running does not hang the lint (status $rc)" "$rc" "^1$" 1
check "the lint names the thread and the limit" "$(cat "$work/thread.out")" \
    "thread.md:9: example did not finish within 30 s: a thread it started is still running \(Thread-1" 1

finish
