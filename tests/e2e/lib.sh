# lib.sh — helpers for the tmux-driven end-to-end tests (sourced by tests/e2e/*.sh).
# Each test script gets a private tmux server, a private HOME/XDG folders, and check().
base="objscope-e2e-$$-$RANDOM"
sock="$base-0"
sessions=0
work=$(mktemp -d)
passed=0 failed=0
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"
t() { tmux -u -L "$sock" "$@"; }
# A fresh tmux server for each terminal: reusing a socket races with the old server's exit.
new_terminal() { # new_terminal COLS ROWS COMMAND
    t kill-server 2>/dev/null
    sessions=$((sessions + 1))
    sock="$base-$sessions"
    t new-session -d -x "$1" -y "$2" "$3"
}
# tmux leaves a socket file behind for each server: remove this run's.
cleanup() {
    t kill-server 2>/dev/null
    rm -rf "$work"
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$base-"*
}
trap cleanup EXIT

# What the object header looks like in the CPython the binary embeds: 3.14 split the 8-byte
# ob_refcnt into a 32-bit ob_refcnt, ob_overflow and ob_flags (four rows instead of two).
py_minor=$([ -n "${bin:-}" ] && "$bin" --version | sed -n 's/.*CPython 3\.\([0-9][0-9]*\).*/\1/p')
if [ "${py_minor:-0}" -ge 14 ]; then refcnt_ctype=uint32_t header_rows=4
else refcnt_ctype=Py_ssize_t header_rows=2; fi

check() { # name, text, extended regex, 1 = must match / 0 = must not
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then got=1; else got=0; fi
    if [ "$got" = "$4" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "e2e FAIL: $1 (pattern '$3', expected match=$4)"
        printf '%s\n' "$2" | head -40
    fi
}

# Wait until the screen matches a pattern and no evaluation is still running (or give up after
# ~10 s, generous for a loaded machine); prints the screen. Waiting for "running..." to clear
# keeps a check from reading a diagram drawn before the result it expects.
wait_for() {
    local pattern=$1 screen busy="running\.\.\. Ctrl-C interrupts"
    case $pattern in *running*) busy='^$never^' ;; esac
    for _ in $(seq 1 100); do
        screen=$(t capture-pane -p 2>/dev/null)
        if printf '%s\n' "$screen" | grep -Eq -- "$pattern" &&
            ! printf '%s\n' "$screen" | grep -Eq -- "$busy"; then
            break
        fi
        sleep 0.1
    done
    printf '%s\n' "$screen"
}

# Wait (up to ~5 s) until a file exists and is not empty; prints it.
wait_file() {
    for _ in $(seq 1 50); do
        [ -s "$1" ] && break
        sleep 0.1
    done
    cat "$1" 2>/dev/null
}

finish() {
    echo "e2e $(basename "$0" .sh) - $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
