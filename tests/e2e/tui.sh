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
check "its diagram appears" "$s" "ob_item +PyObject \*\* +0x[0-9a-f]+ +· the item array" 1
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
check "moving into the diagram with Tab did not stop the deep count" "$s" "deep: [0-9,]+ bytes allocated \([0-9,]+ asked\) in [0-9,]+ blocks" 1
t send-keys g
t send-keys h
s=$(wait_for "pre-header first")
check "h shows the raw bytes" "$s" "^ +-16 [0-9a-f]{2} [0-9a-f]{2} " 1
check "the hex view says whose bytes these are" "$s" "all 56 bytes of the object itself, pre-header first" 1
t send-keys h Tab

# nothing is cut without a way to read it: the detail area wraps the selected row's note,
# i shows the row in full, and the notes under the sizes wrap
t send-keys "s = 'hello'" Enter 's' Enter Tab G Up
s=$(wait_for "▶ .*data \(inline\)")
check "the selected row's note is whole in the detail area" "$s" "ASCII doubles as UTF-8" 1
t send-keys i
s=$(wait_for "^ +note ")
check "i shows the row in full" "$s" "^ +note +5 code points \+ NUL terminator, 1 byte each; ASCII doubles as UTF-8" 1
check "with its bytes" "$s" "^ +bytes +68 65 6c 6c 6f 00" 1
t send-keys Escape
s=$(wait_for "▶ .*data \(inline\)")
check "Esc goes back to the diagram" "$s" "▶ .*data \(inline\)" 1
note_end=$("$bin" --dump "'hello'" --width 300 | sed -n 's/^ *note: interned: //p' | awk '{print $(NF-1), $NF}')
t send-keys G
s=$(wait_for "note: interned")
check "a note under the sizes wraps instead of being cut (it ends '$note_end')" \
    "$(printf '%s\n' "$s" | tr -s ' \n' ' ')" "$note_end" 1
t send-keys Tab

# a long walk keeps its end and the sizes in view
t send-keys 'n = []' Enter 'for _ in range(30): n = [n]' Enter Enter 'n' Enter Tab
for _ in $(seq 1 25); do t send-keys $downs Enter; done
s=$(wait_for "→ \[0\] → list +getsizeof")
check "a long breadcrumb loses its start, not the type or sizes" "$s" "^ ….*→ \[0\] → list +getsizeof [0-9]+" 1
t send-keys Tab

# a block longer than the REPL pane scrolls: the line being edited is always on screen
t send-keys 'def g():' Enter
for i in $(seq 1 14); do t send-keys "a$i = $i" Enter; done
t send-keys 'return 1'
s=$(wait_for "return 1$")
check "the edited line of a long block is on screen" "$(printf '%s\n' "$s" | sed -n 29p)" "^\.\.\.     return 1$" 1
check "the status bar stays on the last row" "$(printf '%s\n' "$s" | sed -n 30p)" "F1 help$" 1
check "lines scrolled out above are marked" "$s" "^↑\.\.     a[0-9]+ = " 1
for i in $(seq 1 14); do t send-keys Up; done
s=$(wait_for "^(\.\.\.|↑\.\.)     a1 = 1$")
check "Up moves into the hidden lines and shows them" "$s" "^(\.\.\.|↑\.\.)     a1 = 1$" 1
check "and lines below are marked" "$s" "^↓\.\. " 1
t send-keys C-e ' + 5000' Down Down Down Down Down Down Down Down Down Down Down Down Down Down Enter Enter
# (5001, not a small int: 3.14 loads ints below 256 with LOAD_SMALL_INT, not from co_consts)
t send-keys '5001 in g.__code__.co_consts' Enter
s=$(wait_for "^(True|False)$")
check "the edit lands on the line that was shown" "$s" "^True$" 1

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

# a signature line while a call's arguments are typed, gone once the call is closed
t send-keys 'def area(w, h=2):' Enter '"""Width times height."""' Enter 'return w * h' Enter Enter
t send-keys 'area(3, '
s=$(wait_for "area\(w, h=2\) - Width times height\.")
check "typing a call shows its signature and docstring" "$(printf '%s\n' "$s" | sed -n 28,29p | tr '\n' '|')" "^ +area\(w, h=2\) - Width times height\.\|>>> area\(3,\|$" 1
t send-keys '4)'
s=$(wait_for ">>> area\(3, 4\)$")
check "and it goes when the call is closed" "$s" "area\(w, h=2\) - Width" 0
t send-keys C-u

# suggestions from history, shown dim and taken with Right; undo with Ctrl-_ and Ctrl-Z
t send-keys 'sugg = [1, 2, 3]' Enter
t send-keys 'sugg = [1'
s=$(wait_for ">>> sugg = \[1, 2, 3\]$")
check "the rest of an earlier input is suggested" "$s" ">>> sugg = \[1, 2, 3\]$" 1
check "dim, after the cursor" "$(t capture-pane -p -e | grep -F ', 2, 3]' | tail -1)" $'\e\\[2m(\e\\[[0-9;]*m)*, 2, 3\\](\e\\[[0-9;]*m)*$' 1
t send-keys Right ' * 2' Enter 'sugg' Enter
s=$(wait_for "^\[1, 2, 3, 1, 2, 3\]$")
check "Right takes the suggestion" "$s" "^\[1, 2, 3, 1, 2, 3\]$" 1
t send-keys 'undo me' C-w
wait_for ">>> undo $" > /dev/null
t send-keys C-_
s=$(wait_for ">>> undo me$")
check "Ctrl-_ undoes the cut" "$s" ">>> undo me$" 1
t send-keys C-z C-z
s=$(wait_for ">>> undo$")
check "Ctrl-Z undoes a word of typing at a time" "$s" ">>> undo$" 1
t send-keys C-u

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

# GNU readline (imported by the learner, or by pdb) installs its own SIGWINCH handler and
# writes LINES and COLUMNS: objscope must go on following resizes
t send-keys 'import readline' Enter
wait_for ">>> import readline" > /dev/null
t resize-window -x 80 -y 24
# the header's gap tells an 80-column frame from the 100-column one still on screen
s=$(wait_for "^ objscope · CPython [0-9.]+ {40,50}F1/\? help$")
width=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
check "after import readline a resize to 80x24 is followed (widest line: $width)" "$width" "^80$" 1
check "the status bar is on the last row" "$(printf '%s\n' "$s" | sed -n 24p)" "F1 help$" 1
t send-keys 'breakpoint()' Enter
wait_for "\(Pdb\)" > /dev/null
t send-keys 'c' Enter
wait_for ">>> breakpoint" > /dev/null
t resize-window -x 100 -y 30
s=$(wait_for "^ objscope · CPython [0-9.]+ {60,70}F1/\? help$")
width=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
check "after breakpoint() a resize back to 100x30 is followed (widest line: $width)" "$width" "^100$" 1
check "the status bar is on row 30" "$(printf '%s\n' "$s" | sed -n 30p)" "F1 help$" 1
# Enter opens any elided run, not only a list's: an int's 19 digits show 8, a run, then 2
t send-keys ':show 7**200' Enter
wait_for "ob_digit\[8\.\.16\]" > /dev/null
t send-keys Tab G
wait_for "▶ .*\(allocator rounding\)|▶ .*ob_digit\[18\]" > /dev/null
t send-keys G Up Up Up
s=$(wait_for "▶ .*ob_digit\[8\.\.16\]")
check "the elided digits row can be selected" "$s" "▶ .*ob_digit\[8\.\.16\] .*digits not shown" 1
t send-keys Enter
s=$(wait_for "ob_digit\[12\]")
check "Enter on it shows the digits it stood for" "$s" "ob_digit\[12\] .*x 2\*\*360" 1
check "with the selection on the first of them" "$s" "▶ +[0-9]+ +4 data +ob_digit\[8\] " 1
check "and no elided row left" "$s" "digits not shown" 0
t send-keys Tab
t send-keys '6 * 7' Enter # the last input again, for the history check below

# help screen
t send-keys F1
s=$(wait_for "The diagram")
check "F1 lists the keys" "$s" "Ctrl-R +search history" 1
t send-keys NPage NPage NPage NPage NPage NPage NPage NPage
s=$(wait_for "narrow screens: H head")
check "PgDn past the end of the help keeps its last page on screen" "$s" "narrow screens: H head" 1
check "with no blank rows under it" "$(printf '%s\n' "$s" | sed -n 29p)" "narrow screens: H head" 1
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
