#!/usr/bin/env bash
# tests/e2e/run.sh BIN — every end-to-end script in this folder against the real binary, in tmux;
# prints each script's result and then the total.
set -u
here=$(cd "$(dirname "$0")" && pwd)
total_pass=0 total_fail=0 status=0
for test in "$here"/cli.sh "$here"/tui.sh "$here"/robust.sh "$here"/live.sh "$here"/lesson.sh "$here"/docs.sh "$here"/svg.sh "$here"/deps.sh "$here"/history.sh "$here"/retained.sh; do
    out=$(bash "$test" "$1" 2>&1) || status=1
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s' "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    total_pass=$((total_pass + ${p:-0}))
    total_fail=$((total_fail + ${f:-1}))
done
echo "e2e: $total_pass passed, $total_fail failed"
exit $status
