#!/usr/bin/env bash
# tests/e2e/across.sh BIN — one expression in each CPython: --across (text and JSON) and the
# explorer's :across, with BIN and a second build beside it in the build tree (pyenv's
# python3.10-3.15, reusing build/python3.X when it exists, else making one; skipped with the
# reason when none can be made). Every getsizeof in the table is checked against that
# version's own interpreter. Also: one build alone says how to add others; Esc stops.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
tree=$(pwd)

# The second build: a CPython other than BIN's, in BIN's build tree.
own=$("$bin" --version | sed -n 's/.*CPython \(3\.[0-9]*\).*/\1/p')
root=$(dirname "$bin")
[ "$(basename "$root")" = build ] || root=$(dirname "$root")
second="" why="no other python3.10 to python3.15 with a shared libpython (pyenv or PATH)"
if [ "$(basename "$root")" != build ] || [ "$root" != "$tree/build" ]; then
    why="BIN is not in this source tree's build folder"
else
    for v in 3.12 3.13 3.14 3.10 3.11 3.15; do
        [ "$v" = "$own" ] && continue
        if [ -x "$root/python$v/objscope" ]; then # any age: it only has to answer --json
            second="$root/python$v/objscope"
            break
        fi
    done
    for v in 3.12 3.13 3.14 3.10 3.11 3.15; do
        [ -n "$second" ] || [ "$v" = "$own" ] && continue
        scripts/pyconfig.sh "python$v" >/dev/null 2>&1 || continue
        echo "e2e across: building python$v once (build/python$v is reused next time)"
        # a plain build (SANITIZE= even under make SANITIZE=1 check): it only answers --json
        if make --no-print-directory -s SANITIZE= PYTHON="python$v" "build/python$v/objscope" >"$work/build.log" 2>&1; then
            second="$root/python$v/objscope"
        else
            why="make PYTHON=python$v failed: $(tail -n 1 "$work/build.log")"
        fi
        break
    done
fi

# "3.12.1 64": each build's CPython version and getsizeof(EXPR), from its own interpreter.
expect() { # expect BUILD EXPR
    local py
    py=$(sed -n 's/^PY_EXE := //p' "$(dirname "$1")/config.mk")
    "$py" -c "import platform, sys; print(platform.python_version(), sys.getsizeof($2))"
}

if [ -z "$second" ]; then
    echo "e2e across: skipping the two-build checks: $why"
else
    out=$("$bin" --across '{}' 2>&1)
    for b in "$bin" "$second"; do
        read -r version size <<< "$(expect "$b" '{}')"
        check "--across '{}' shows $version's own getsizeof ($size)" "$out" "^  $version +$size +[0-9]+ +[0-9]+ +[0-9]+  dict$" 1
    done
    check "--across says what changed between the versions" "$out" "^  3\.[0-9.]+ → 3\.[0-9.]+" 1
    check "...and finds no other build to fail" "$out" "failed:" 0

    json=$("$bin" --setup 'class C: pass' --across 'C()' --json 2>&1)
    summary=$(printf '%s' "$json" | "${OBJSCOPE_PYTHON:-python3}" -c '
import json, sys
d = json.load(sys.stdin)
print(d["expression"], len(d["builds"]), " ".join("%s=%d" % (b["python_version"], b["getsizeof"]) for b in d["builds"]))' 2>&1)
    for b in "$bin" "$second"; do
        read -r version size <<< "$(expect "$b" 'type("C", (), {})()')"
        check "--across --json carries $version's getsizeof of an instance" "$summary" "^C\(\) [2-9] .*$version=$size( |$)" 1
    done

    # the explorer: the session's names exist in each build, Esc closes
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\nsleep 30\n' "$bin" > "$work/run.sh"
    new_terminal 100 30 "bash $work/run.sh"
    wait_for ">>>" > /dev/null
    # an input that raised at the prompt does not stop the ones after it in each build
    t send-keys 'nope' Enter 'd = {"a": 1, "b": 2}' Enter ':across d' Enter
    s=$(wait_for "What changed|the same rows")
    for b in "$bin" "$second"; do
        read -r version size <<< "$(expect "$b" '{"a": 1, "b": 2}')"
        check ":across d shows $version's getsizeof ($size)" "$s" "^  $version +$size " 1
    done
    check ":across is a full-screen view titled by the expression" "$s" "d in each CPython" 1
    # a long line's end comes into view with Right (the 3.10 -> 3.11 keys table has one at 60 columns)
    t resize-window -x 60 2>/dev/null
    t send-keys Right Right Right Right Right Right
    s=$(wait_for "^ *[a-z ]")
    check "Right scrolls long lines: their first columns go" "$s" "^  CPython" 0
    t send-keys Left Left Left Left Left Left Left
    s=$(wait_for "^  CPython")
    check "...and Left brings them back" "$s" "^  CPython" 1
    t resize-window -x 100 2>/dev/null
    t send-keys Escape
    s=$(wait_for ">>> :across d")
    check "Esc closes it" "$s" "d in each CPython" 0
    # :across alone: the expression the diagram shows
    t send-keys 'd' Enter ':across' Enter
    s=$(wait_for "What changed|the same rows")
    check ":across with no expression takes the diagram's" "$s" "^d in [2-9] objscope builds" 1
    t send-keys q
    # a slow session: the progress shows, and Esc stops the build that runs
    t send-keys 'import time; time.sleep(2)' Enter
    wait_for ">>> import time" > /dev/null
    t send-keys ':across d' Enter
    s=$(wait_for "running .*\(1 of [2-9]\)")
    check ":across says which build runs" "$s" "running .*\(1 of [2-9]\) · Esc or Ctrl-C stops" 1
    t send-keys Escape
    s=$(wait_for "stopped before")
    check "Esc stops it, and the rows say so" "$s" "failed: stopped before it finished" 1
    check "...and skip the rest" "$s" "failed: not run: stopped before its turn" 1
    t send-keys Escape F10
fi

# Ctrl-C on the command line stops the build that runs (not only objscope) and skips the rest
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --setup %q --across 1; echo "status $?"\nsleep 30\n' \
    "$bin" 'import time; time.sleep(25)' > "$work/slow.sh"
new_terminal 100 30 "bash $work/slow.sh"
s=$(wait_for "running .*\(1 of")
check "--across on a terminal says which build runs" "$s" "running .*objscope \(1 of [0-9]+\)" 1
t send-keys C-c
s=$(wait_for "^status")
check "Ctrl-C stops it: its row says so" "$s" "failed: stopped before it finished" 1
check "...and the status is 130" "$s" "^status 130$" 1
check "...and no build is left running" "$(pgrep -f 'time.sleep\(25\)' | head -1)" "^$" 1

# one build alone: a copy of BIN in a folder of its own
mkdir -p "$work/solo" && cp "$bin" "$work/solo/objscope"
out=$("$work/solo/objscope" --across '[]' 2>&1)
read -r version size <<< "$(expect "$bin" '[]')"
check "one build alone still shows its row" "$out" "^  $version +$size " 1
check "...says there is nothing to compare it with" "$out" "Only one objscope build was found" 1
check "...and how to add another" "$out" "make PYTHON=python3.12 .*build/python3.12/objscope" 1
out=$("$work/solo/objscope" --across 'qqzx_undefined' 2>&1)
status=$?
check "a failing expression is a row saying why" "$out" "failed: NameError: name 'qqzx_undefined' is not defined" 1
check "...and the status is 1" "$status" "^1$" 1
out=$(printf '(1, 2)\n' | "$work/solo/objscope" --across - 2>&1)
read -r version size <<< "$(expect "$bin" '(1, 2)')"
check "--across - reads the expression from standard input" "$out" "^  $version +$size .* tuple$" 1
out=$("$bin" --across '1' --dump '2' 2>&1)
check "--across with --dump is refused with a reason" "$out:$?" "goes with --setup and --json only:2$" 1
finish
