#!/bin/sh
# check-pythons.sh: run the whole suite against every CPython objscope supports that this machine
# can reach, each in its own build folder, and print one summary line.
#   outside: python3.10 - python3.13 on PATH or installed by pyenv;
#   inside the Debian sid root (scripts/sid-root.sh, through scripts/sid-run.sh): python3.13,
#   python3.14 and python3.15, plus the default build, whose python3 is sid's 3.14.
# Whatever cannot run here is skipped with its reason. Extra arguments go to make (SANITIZE=1).
set -u
cd "$(dirname "$0")/.."
passed="" failed="" skipped=""
pass() { passed="$passed, $1"; }
fail() { failed="$failed, $1"; }
skip() { skipped="$skipped, $1 ($2)"; echo "check-pythons: skipping $1: $2"; }

for v in 3.10 3.11 3.12 3.13; do
    py="python$v"
    if ! scripts/pyconfig.sh "$py" >/dev/null 2>&1; then
        skip "$py" "no runnable interpreter with a shared libpython found"
        continue
    fi
    echo "check-pythons: === $py ==="
    if make --no-print-directory check PYTHON="$py" "$@"; then pass "$py"; else fail "$py"; fi
done

# The sid root: made once (about 3 minutes), reused afterwards.
echo "check-pythons: preparing the Debian sid root (made once, about 3 minutes the first time)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
scripts/sid-root.sh >/dev/null 2>"$log"
case $? in
0)
    for v in 3.13 3.14 3.15; do
        echo "check-pythons: === python$v in the sid root ==="
        if scripts/sid-run.sh make --no-print-directory check PYTHON="python$v" "$@"; then
            pass "python$v (sid)"
        else
            fail "python$v (sid)"
        fi
    done
    # The default build (make, make run) against sid's python3, as a learner on sid would.
    echo "check-pythons: === default build in the sid root ==="
    if scripts/sid-run.sh sh -c 'make --no-print-directory "$@" && bin=$(make -s --no-print-directory print-bin "$@") && "$bin" --version && "$bin" --dump "[1, 2, 3]" >/dev/null' sh "$@"; then
        pass "default python3 build (sid)"
    else
        fail "default python3 build (sid)"
    fi
    ;;
*)
    tail -n 5 "$log"
    why=$(grep '^sid-root: cannot' "$log" | tail -n 1 | sed 's/^sid-root: cannot make the Debian sid root: //')
    skip "python3.13, python3.14, python3.15 (sid)" "${why:-the sid root could not be made}"
    ;;
esac

list() { if [ -n "$1" ]; then printf '%s' "${1#, }"; else printf 'none'; fi; }
echo "check-pythons: passed: $(list "$passed"); failed: $(list "$failed"); skipped: $(list "$skipped")"
[ -z "$failed" ] && [ -n "$passed" ]
