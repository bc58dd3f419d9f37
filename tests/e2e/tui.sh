#!/usr/bin/env bash
# tests/e2e/tui.sh BIN — the explorer driven like a learner would: type an expression and see its
# diagram, walk into an item and back, the hex view, completion, a traceback, Ctrl-C on an
# endless loop, resizing down to 50x14 and back, history across two runs, and a clean exit.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

start() { # start the explorer in a fresh 100x30 terminal
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\necho "__exit=$?__"; stty -a > %q; sleep 30\n' \
        "$bin" "$work/stty" > "$work/run.sh"
    new_terminal 100 30 "bash $work/run.sh"
    wait_for ">>>" > /dev/null
}

start
s=$(wait_for "F1")
check "the title names the embedded CPython" "$s" "objscope · CPython 3\.[0-9]+" 1
check "the help key is on screen" "$s" "F1" 1
t send-keys 'x = [10**20, "two", None]' Enter
t send-keys 'x' Enter
s=$(wait_for "^\[100000000000000000000, 'two', None\]")
check "the result is printed like the REPL" "$s" "^\[100000000000000000000, 'two', None\]" 1
check "its diagram appears" "$s" "ob_item array: 32 bytes" 1
check "rows that do not fit are counted, not silently cut" "$s" "↓ [0-9]+ more rows below" 1
check "the breadcrumb starts at the expression" "$s" "^ x → list" 1
check "the refcount says what objscope holds" "$s" "ob_refcnt .* 3  · 2 held by objscope" 1

# walk: focus the diagram, go down to the first item, open it, come back (past the header
# rows, ob_size, ob_item, allocated and the array's title)
downs=$(printf 'Down %.0s' $(seq 1 $((header_rows + 4))))
t send-keys Tab
t send-keys $downs
s=$(wait_for "▶ +0 +8 ptr +ob_item\[0\]")
check "the selection reaches the first item" "$s" "▶ +0 +8 ptr +ob_item\[0\]" 1
t send-keys Enter
s=$(wait_for "x → \[0\] → int")
check "Enter walks into the item" "$s" "x → \[0\] → int" 1
check "the item's digits are shown" "$s" "ob_digit\[2\]" 1
t send-keys BSpace
s=$(wait_for "^ x → list")
check "Backspace comes back" "$s" "^ x → list" 1
t send-keys G
s=$(wait_for "sys.getsizeof")
check "End shows the size summary below the last field" "$s" "sys.getsizeof [0-9]+ = __sizeof__ [0-9]+ \+ pre-header 16" 1
check "moving into the diagram with Tab did not stop the deep count" "$s" "deep: [0-9]+ bytes allocated \([0-9]+ asked\) in [0-9]+ blocks" 1
t send-keys g
t send-keys h
s=$(wait_for "pre-header first")
check "h shows the raw bytes" "$s" "^ +-16 [0-9a-f]{2} [0-9a-f]{2} " 1
check "the hex view says whose bytes these are" "$s" "all 56 bytes of the object itself, pre-header first" 1
t send-keys h Tab

# a long walk keeps its end and the sizes in view
t send-keys 'n = []' Enter 'for _ in range(30): n = [n]' Enter Enter 'n' Enter Tab
for _ in $(seq 1 25); do t send-keys $downs Enter; done
s=$(wait_for "→ \[0\] → list +getsizeof")
check "a long breadcrumb loses its start, not the type or sizes" "$s" "^ ….*→ \[0\] → list +getsizeof [0-9]+" 1
t send-keys Tab

# completion, a traceback, an interrupted endless loop
t send-keys 'import collections' Enter
t send-keys 'collections.Ord' Tab
s=$(wait_for "collections.OrderedDict")
check "Tab completes an attribute" "$s" ">>> collections.OrderedDict" 1
t send-keys C-u '1/0' Enter
s=$(wait_for "ZeroDivisionError")
check "a traceback reads like Python's" "$s" "ZeroDivisionError: division by zero" 1
t send-keys 'while True: pass' Enter Enter
wait_for "running\.\.\." > /dev/null
t send-keys C-c
s=$(wait_for "KeyboardInterrupt")
check "Ctrl-C stops an endless loop" "$s" "^KeyboardInterrupt" 1
t send-keys '6 * 7' Enter
s=$(wait_for "^42")
check "the REPL lives on after the interrupt" "$s" "^42" 1

# resize down and back
t resize-window -x 50 -y 14
s=$(wait_for "F1 help")
check "50x14 shows one pane, with the help key" "$s" "F1 help" 1
width=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
check "nothing drawn past 50 columns (widest: $width)" "$width" "^([0-9]|[1-4][0-9]|50)$" 1
t resize-window -x 30 -y 10
check "below 40x12 a clear message" "$(wait_for "Enlarge the terminal")" "Enlarge the terminal" 1
t resize-window -x 100 -y 30
check "back at 100x30 the diagram returns" "$(wait_for "ob_item|ob_digit|ob_refcnt")" "ob_item|ob_digit|ob_refcnt" 1

# help screen
t send-keys F1
s=$(wait_for "The diagram")
check "F1 lists the keys" "$s" "Ctrl-R +search history" 1
t send-keys Escape

# quit, and the terminal is usable again
t send-keys C-d
s=$(wait_for "__exit=")
check "Ctrl-D on an empty line quits with status 0" "$s" "__exit=0__" 1
check "the terminal is back in cooked mode" "$(wait_file "$work/stty")" " icanon" 1
check "echo is back on" "$(wait_file "$work/stty")" " echo " 1

# history survives to the next run
start
t send-keys Up
s=$(wait_for ">>> 6 \* 7")
check "Up recalls the last run's input" "$s" ">>> 6 \* 7" 1
check "the history file was written" "$(ls "$XDG_STATE_HOME/objscope" 2>/dev/null)" "^history$" 1
t send-keys C-u ':quit' Enter
s=$(wait_for "__exit=")
check ":quit quits" "$s" "__exit=0__" 1

finish
