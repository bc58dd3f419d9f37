#!/bin/sh
# check-pythons.sh: run the whole suite against every CPython 3.10–3.13 this machine has
# (python3.X on PATH or installed by pyenv), each in its own build folder; says what it skipped.
# Extra arguments go to make (e.g. SANITIZE=1).
set -u
cd "$(dirname "$0")/.."
passed="" failed="" skipped=""
for v in 3.10 3.11 3.12 3.13; do
    py="python$v"
    if ! scripts/pyconfig.sh "$py" >/dev/null 2>&1; then
        echo "check-pythons: skipping $py: no runnable interpreter with a shared libpython found"
        skipped="$skipped $py"
        continue
    fi
    echo "check-pythons: === $py ==="
    if make --no-print-directory check PYTHON="$py" "$@"; then
        passed="$passed $py"
    else
        failed="$failed $py"
    fi
done
echo "check-pythons: passed:${passed:- none}; failed:${failed:- none}; skipped:${skipped:- none}"
[ -z "$failed" ] && [ -n "$passed" ]
