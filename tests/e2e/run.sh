#!/usr/bin/env bash
# tests/e2e/run.sh BIN — every end-to-end script in this folder against the real binary, in tmux.
set -u
here=$(cd "$(dirname "$0")" && pwd)
status=0
for test in "$here"/cli.sh "$here"/tui.sh; do
    bash "$test" "$1" || status=1
done
exit $status
