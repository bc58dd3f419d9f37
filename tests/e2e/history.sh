#!/usr/bin/env bash
# tests/e2e/history.sh BIN — history is kept however the explorer ends: the terminal closed
# (SIGHUP from tmux kill-session and kill-server), SIGTERM, kill -9, os._exit() and two instances
# quitting in either order all leave every entry typed in the history file, even one that was
# still running. A file written by an earlier
# version still loads, and a temp file left by an interrupted save is removed at start.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
folder="$XDG_STATE_HOME/objscope"
hist="$folder/history"

# pane_wait SESSION PATTERN: like wait_for, on one tmux session; prints its screen.
pane_wait() {
    local screen
    for _ in $(seq 1 100); do
        screen=$(t capture-pane -p -t "$1" 2>/dev/null)
        printf '%s\n' "$screen" | grep -Eq -- "$2" && break
        sleep 0.1
    done
    printf '%s\n' "$screen"
}

# launch SESSION [first]: an explorer in a tmux session (with "first": on a fresh tmux server);
# its pid goes to $work/SESSION.pid.
launch() {
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\necho $$ > %q\nexec %q\n' \
        "$work/$1.pid" "$bin" > "$work/$1.sh"
    if [ "${2:-}" = first ]; then
        new_terminal 100 30 "bash $work/$1.sh"
        t rename-session "$1"
    else
        t new-session -d -s "$1" -x 100 -y 30 "bash $work/$1.sh"
    fi
    pane_wait "$1" ">>>" > /dev/null
}

# enter SESSION NAME: run print("NAME" + "!") there and wait for its output, so the entry has
# been entered; the entry is remembered for the final check.
entries=()
enter() {
    t send-keys -t "$1" "print(\"$2\" + \"!\")" Enter
    pane_wait "$1" "^$2!" > /dev/null
    entries+=("print(\"$2\" + \"!\")")
}

# ended SESSION: wait (up to 10 s) for the explorer in SESSION to be gone; 0 when it is.
ended() {
    local pid
    pid=$(cat "$work/$1.pid")
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}

in_file() { grep -cF -- "$1" "$hist" 2>/dev/null; }

# A file written by an earlier version (one escaped entry per line), and a temp file left by a
# save that was killed: the entries load, the temp file goes.
mkdir -p "$folder"
printf 'old_one = "from before"\nif old_one:\\n    old_two = 2\\n\n' > "$hist"
printf 'half a save' > "$folder/history.Q7x2Zp"
launch hup first
t send-keys -t hup Up
s=$(pane_wait hup "old_two = 2")
check "an old-format history file loads (Up recalls its block)" "$s" "^\.\.\.     old_two = 2" 1
check "a temp file left by a killed save is removed at start" "$(ls -a "$folder")" "history\.Q7x2Zp" 0
t send-keys -t hup C-c

# the terminal is closed: tmux kill-session sends SIGHUP
enter hup hangup_1
t send-keys -t hup 'def hangup_f():' Enter 'return 42' Enter Enter 'hangup_f()' Enter
pane_wait hup "^42" > /dev/null
entries+=('def hangup_f():\n    return 42')
t kill-session -t hup
ended hup
check "SIGHUP (tmux kill-session) ends objscope" "$?" "^0$" 1
check "after SIGHUP the entry is in the file" "$(in_file 'print("hangup_1" + "!")')" "^1$" 1
check "after SIGHUP the multi-line entry is in the file, once" \
    "$(in_file 'def hangup_f():\n    return 42')" "^1$" 1
check "the old entries are still in the file" "$(in_file 'if old_one:\n    old_two = 2')" "^1$" 1

# tmux kill-server with two explorers open
launch ks1 first
launch ks2
enter ks1 server_a
enter ks2 server_b
enter ks1 server_c
t kill-server
ended ks1 && ended ks2
check "tmux kill-server ends both" "$?" "^0$" 1
for e in server_a server_b server_c; do
    check "after kill-server $e is in the file" "$(in_file "print(\"$e\" + \"!\")")" "^1$" 1
done

# SIGTERM and kill -9
for sig in TERM KILL; do
    launch "sig$sig" first
    enter "sig$sig" "signal_$sig"
    kill -"$sig" "$(cat "$work/sig$sig.pid")"
    ended "sig$sig"
    check "SIG$sig ends objscope" "$?" "^0$" 1
    check "after SIG$sig the entry is in the file" \
        "$(in_file "print(\"signal_$sig\" + \"!\")")" "^1$" 1
done

# an entry goes into the file the moment Enter runs it, not when it ends: code killed while it
# runs (the terminal closed, SIGTERM, kill -9) or ending the process itself keeps its entry
for how in hup TERM KILL exit; do
    launch "mid$how" first
    if [ "$how" = exit ]; then
        entry="import os; os._exit(3)  # mid_$how"
    else
        entry="import time; time.sleep(30)  # mid_$how"
    fi
    t send-keys -t "mid$how" "$entry" Enter
    for _ in $(seq 1 50); do [ "$(in_file "$entry")" = 1 ] && break; sleep 0.1; done
    if [ "$how" != exit ]; then
        check "the entry is in the file while it runs ($how)" "$(in_file "$entry")" "^1$" 1
        check "and it still runs" "$(t capture-pane -p -t "mid$how")" "running\.\.\." 1
    fi
    case $how in
    hup) t kill-session -t "mid$how" ;;
    exit) ;;
    *) kill -"$how" "$(cat "$work/mid$how.pid")" ;;
    esac
    ended "mid$how"
    check "ended mid-run ($how)" "$?" "^0$" 1
    check "after ending mid-run ($how) the entry is in the file" "$(in_file "$entry")" "^1$" 1
    entries+=("$entry")
done

# two instances, each quitting first once
for order in "one two" "two one"; do
    launch one first
    launch two
    enter one "first_${order// /_}"
    enter two "second_${order// /_}"
    for who in $order; do
        t send-keys -t "$who" C-d
        ended "$who"
    done
    check "two instances quitting $order first: both entries kept" \
        "$(in_file "print(\"first_${order// /_}\" + \"!\")")$(in_file "print(\"second_${order// /_}\" + \"!\")")" \
        "^11$" 1
done

missing=0
for e in "${entries[@]}"; do
    [ "$(in_file "$e")" = 1 ] || { missing=$((missing + 1)); echo "missing or repeated: $e"; }
done
check "every entry typed is in the file exactly once (${#entries[@]} entries)" "$missing" "^0$" 1

# the next run recalls the newest entry
launch last first
t send-keys -t last Up
s=$(pane_wait last 'print\("second_two_one"')
check "the next run recalls the newest entry" "$s" '>>> print\("second_two_one" \+ "!"\)' 1
t send-keys -t last C-c C-d
ended last

finish
