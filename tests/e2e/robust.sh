#!/usr/bin/env bash
# tests/e2e/robust.sh BIN — the explorer when a learner types anything: a pasted block, input(),
# :show / :compare / :mem, a deep size, sys.exit() and its message, a broken config file,
# NO_COLOR, a huge output, tabs and carriage returns in output, child processes writing, a
# SIGINT handler that swallows interrupts, and a SIGTERM, SIGHUP, segfault, os._exit() or a
# loop stuck in C code that must leave the terminal usable.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

start() { # start [ENV...]: the explorer in a fresh 100x30 terminal
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color %s\n%q\necho "__exit=$?__"; stty -a > %q; sleep 30\n' \
        "$*" "$bin" "$work/stty" > "$work/run.sh"
    new_terminal 100 30 "bash $work/run.sh"
    wait_for ">>>" > /dev/null
}

# a broken config names the file and line, and objscope starts with defaults
mkdir -p "$XDG_CONFIG_HOME/objscope"
printf 'theme = dark\ncolour = blue\n' > "$XDG_CONFIG_HOME/objscope/config"
start
s=$(wait_for "config:2")
check "a broken config is reported with file and line" "$s" "objscope/config:2: " 1
check "and objscope still starts" "$s" ">>>" 1

# Colour-setting escape sequences on the screen (39/49, the default colours, do not count).
colour_codes() {
    t capture-pane -p -e | grep -oE $'\e\\[([0-9]+;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]' | wc -l
}
check "without NO_COLOR the screen is coloured" "$(colour_codes)" "^0$" 0
rm -f "$XDG_CONFIG_HOME/objscope/config"

# bracketed paste runs a block as the REPL would
printf 'def twice(n):\n    m = 2 * n\n\n    return m\ntwice(21)\n' > "$work/paste.txt" # as in a file: no blank line after the body
t load-buffer "$work/paste.txt"
t paste-buffer -p
s=$(wait_for "^42")
check "a pasted block defines and runs" "$s" "^42" 1
check "the pasted def was echoed with continuation prompts" "$s" "^\.\.\.     return m" 1
check "a blank line inside the pasted def did not end it" "$s" "IndentationError" 0
printf 'def area(w, h):\n    before = w\n    return w * h' > "$work/paste.txt" # ends inside the body
t load-buffer "$work/paste.txt"
t paste-buffer -p
t send-keys 'area(2, 3)' Enter
s=$(wait_for "^6$")
check "a paste that ends inside a function's body defines it" "$s" "^6$" 1
# a terminal without bracketed paste types the paste: its indentation must not stack on the
# indentation Enter adds
printf 'def thrice(n):\n    m = 3 * n\n    if m:\n        m += 0\n    return m\n\nthrice(5)\n' > "$work/paste.txt"
t load-buffer "$work/paste.txt"
t paste-buffer # no -p: no bracketed-paste markers
s=$(wait_for "^15$")
check "a paste without bracketed-paste markers keeps its indentation" "$s" "^15$" 1
check "with no IndentationError" "$s" "IndentationError" 0
check "and what is typed next does not join its last line" "$s" "w \* harea" 0

# a 200 KB line pasted is on screen and editable at once (it used to take minutes: a frame per
# byte, each wrapping the long line again)
python3 -c 'import sys; sys.stdout.write("s = \"" + "x" * 200000 + "END\"")' > "$work/paste.txt"
t load-buffer "$work/paste.txt"
t paste-buffer -p
s=$(wait_for 'END"$')
check "a 200 KB paste is editable within seconds" "$s" 'xxxEND"$' 1
t send-keys Enter 'len(s)' Enter
s=$(wait_for "^200003$")
check "and runs" "$s" "^200003$" 1
check "its echo in the scrollback says what it leaves out" "$s" "more bytes not shown" 1

# input() asks inside the explorer
t send-keys 'print("hi"); name = input("who? ")' Enter
s=$(wait_for "Enter answers")
check "input() shows its prompt on the input line, not >>>" \
    "$(printf '%s\n' "$s" | grep -v '^ *$' | tail -2 | head -1)" "^who\? *$" 1
t send-keys 'Ada' Enter
t send-keys 'name' Enter
s=$(wait_for "^'Ada'")
check "input() returns what was typed" "$s" "^'Ada'" 1
check "the statement, its output, the prompt and the answer read in order" \
    "$(printf '%s\n' "$s" | grep -A2 -F '>>> print("hi")' | tr '\n' '|')" '\|hi\|who\? Ada\|$' 1
t send-keys 'print("Enter:", end=" "); v = input()' Enter
wait_for "Enter answers" > /dev/null
t send-keys 'xyz' Enter
s=$(wait_for "^Enter: xyz")
check "output left unfinished before input() shares the answer's line" "$s" "^Enter: xyz" 1

# : commands
t send-keys ':show (1, 2)' Enter
s=$(wait_for "ob_item\[1\]")
check ":show draws without printing" "$s" "ob_item\[1\]" 1
t send-keys 'class D:' Enter 'def __init__(self): self.a, self.b = 1, 2' Enter Enter
t send-keys 'class S:' Enter '__slots__ = ("a", "b")' Enter 'def __init__(self): self.a, self.b = 1, 2' Enter Enter
t send-keys ':compare D() S()' Enter
s=$(wait_for "S\(\): S")
check ":compare shows both layouts" "$s" "D\(\): D" 1
check ":compare shows their sizes" "$s" "getsizeof [0-9]+ +footprint [0-9]+" 1
check ":compare states the differences in a line" "$s" "S\(\) takes [0-9,]+ bytes less than D\(\)" 1
check "field names are not cut at 100 columns" "$s" "^ +-?[0-9]+ +[0-9]+ . [^ ]+… " 0
t send-keys ':compare 1 -1' Enter
s=$(wait_for " -1: int")
check ":compare 1 -1 compares 1 with -1" "$s" "^ 1: int +│ -1: int" 1
check "two ints of one digit take the same room" "$s" "the same footprint: [0-9]+ bytes each" 1
t send-keys ':compare {i: i for i in range(30)} list(range(30))' Enter # taller than the pane
s=$(wait_for "more rows below")
check ":compare says the rows go on" "$s" "↓ [0-9]+ more rows below" 1
t send-keys F6 G
s=$(wait_for "rows above")
check ":compare scrolls from the diagram" "$s" "↑ [0-9]+ rows above" 1
check "and down to the sizes" "$s" "sys.getsizeof [0-9]+ = __sizeof__" 1
t send-keys BSpace Tab
s=$(wait_for "Ctrl-R search")
check "Backspace ends the comparison" "$s" "list\(range\(30\)\): list" 0
t send-keys ':mem data = [0] * 100000' Enter
s=$(wait_for "net allocated")
check ":mem reports what a statement allocated" "$s" "net allocated: 800,[0-9]{3} bytes" 1
t send-keys ':frobnicate' Enter
s=$(wait_for "unknown command")
check "an unknown command says so" "$s" "unknown command :frobnicate" 1
t send-keys ':show' Enter
s=$(wait_for "usage: :show EXPR")
check "a command without its argument shows its usage" "$s" "usage: :show EXPR" 1

# deep size of a graph is counted and shown
t send-keys 'nested = [[i + 2000] for i in range(1000)]' Enter 'nested' Enter
s=$(wait_for "deep [0-9,]+ in 2,001 objects")
check "the deep size counts the graph" "$s" "nested → list .*deep [0-9]{2,3},[0-9]{3} in 2,001 objects" 1

# the elided middle of a long list opens, and so do a dict's elided entries
t send-keys ':show list(range(100))' Enter Tab G Up Up
s=$(wait_for "▶ .*ob_item\[8\.\.97\]")
t send-keys Enter
s=$(wait_for "ob_item\[12\]")
check "Enter on an elided run shows the items around it" "$s" " ob_item\[12\] .*12 → int" 1
t send-keys Tab ':show {i: i for i in range(1000)}' Enter Tab G Up Up Up Up Up Up Up
wait_for "▶ .*entries\[8\.\.997\]" > /dev/null # the last two entries and the unused room below
t send-keys Enter
s=$(wait_for "▶ .*entries\[8\]\.me_hash")
check "Enter on a dict's elided entries opens them" "$s" " entries\[8\]\.me_key .*8 → int" 1
t send-keys Tab

# a huge output is bounded
t send-keys 'print("x" * 10**7)' Enter
s=$(wait_for "bytes of output dropped")
check "a 10 MB print is cut, with a note" "$s" "bytes of output dropped" 1
t send-keys '1 + 1' Enter
s=$(wait_for "^2$")
check "and the REPL goes on" "$s" "^2$" 1
t send-keys '1; [7]' Enter
s=$(wait_for "^ 1; \[7\] → list")
check "statements that display values show the last one in the diagram" "$s" "^ 1; \[7\] → list" 1

# what code prints reads as in a terminal: tabs to 8-column stops, a \r writing over the line
t send-keys 'print("name\tsize\nlist\t88"); print("10%\r50%"); print("\x1b[2J\ty")' Enter
s=$(wait_for "^50%")
check "tabs in output expand to tab stops" "$s" "^name    size *$" 1
check "on every line" "$s" "^list    88 *$" 1
check "a carriage return writes over the line" "$s" "^50% *$" 1
check "other controls stay escaped, tabs counted in the columns shown" "$s" '^\\x1b\[2J y *$' 1
check "no tab is shown escaped" "$s" '^(name|list)\\t' 0

# a child process writes into the REPL pane, in order, not over the screen
t send-keys 'import os, subprocess; print("py-before"); rc = os.system("echo child-out"); p = subprocess.run(["sh", "-c", "echo child-err >&2"]); print("py-after")' Enter
s=$(wait_for "^child-err")
check "a child's output lands in the REPL pane in order with print()" \
    "$(printf '%s\n' "$s" | grep -A3 -F 'print("py-after")' | tr '\n' '|' | tr -s ' ')" \
    '\|py-before ?\|child-out ?\|py-after ?\|' 1
check "and its stderr with the errors" "$s" "^child-err" 1

# a SIGINT handler that swallows interrupts cannot freeze the explorer on a looping __repr__
t send-keys 'import signal; signal.signal(signal.SIGINT, lambda *a: None)' Enter
t send-keys 'class Forever:' Enter 'def __repr__(self):' Enter 'while True: pass' Enter Enter Enter
t send-keys 'Forever()' Enter
s=$(wait_for "repr timed out")
check "a looping __repr__ is stopped despite the handler" "$s" "<repr timed out after 2 s>" 1
t send-keys '6 * 7' Enter
s=$(wait_for "^42")
check "and the REPL goes on" "$s" "^42" 1

# sys.exit() quits cleanly with its status
t send-keys 'import sys; sys.exit(3)' Enter
s=$(wait_for "__exit=")
check "sys.exit(3) leaves with status 3" "$s" "__exit=3__" 1
check "and prints nothing" "$(printf '%s\n' "$s" | grep -v '^ *$' | head -1)" "^__exit=3__$" 1

# SystemExit with a message prints it, as Python does, once the terminal is back
start
t send-keys 'raise SystemExit("bye")' Enter
s=$(wait_for "__exit=")
check "SystemExit('bye') leaves with status 1" "$s" "__exit=1__" 1
check "and its message is on the terminal after the explorer" \
    "$(printf '%s\n' "$s" | grep -v '^ *$' | tr '\n' '|')" '^bye\|__exit=1__\|$' 1

# :save writes what ran as a Python file that runs, and asks before replacing one; :edit and F7
# hand an input to $EDITOR and run what comes back changed
printf '#!/bin/sh\nsed -i "s/41/42/" "$1"\n' > "$work/editor.sh"
chmod +x "$work/editor.sh"
start EDITOR="$work/editor.sh"
t send-keys 'def sq(x):' Enter 'return x * x' Enter Enter
t send-keys 'nums = [sq(i) for i in range(4)]' Enter 'print(nums)' Enter 'x = = 1' Enter
t send-keys ':show nums' Enter ":save $work/saved.py" Enter
s=$(wait_for "saved [0-9]+ inputs")
check ":save says what it wrote where" "$s" "saved 3 inputs to $work/saved.py" 1
check "the saved file runs as Python" "$(python3 "$work/saved.py" 2>&1)" "^\[0, 1, 4, 9\]$" 1
check "without what was not Python, nor commands" "$(cat "$work/saved.py")" "x = = 1|:show" 0
t send-keys 'extra = 1' Enter ":save $work/saved.py" Enter
s=$(wait_for "Replace it")
check ":save asks before replacing a file" "$s" "exists\. Replace it" 1
t send-keys n
s=$(wait_for "not saved")
check "n keeps the file as it was" "$(cat "$work/saved.py")" "extra = 1" 0
t send-keys ":save $work/saved.py" Enter
wait_for "Replace it" > /dev/null
t send-keys y
s=$(wait_for "saved 4 inputs")
check "y replaces it" "$(cat "$work/saved.py")" "^extra = 1$" 1
t send-keys 'print(41)' Enter ':edit' Enter
s=$(wait_for "^42$")
check ":edit runs the last input as the editor left it" "$s" "^>>> print\(42\)$" 1
t send-keys 'print(7)' F7
s=$(wait_for "came back unchanged")
check "an input the editor did not change does not run" "$s" "nothing ran: the file came back unchanged" 1
check "and stays in the input line" "$s" "^>>> print\(7\)$" 1
t send-keys C-u F10
wait_for "__exit=" > /dev/null

# NO_COLOR: no colour, but selection still visible
rm -f "$work/stty"
start NO_COLOR=1
t send-keys '[1]' Enter
s=$(wait_for "ob_item")
check "NO_COLOR still draws the diagram" "$s" "ob_item +PyObject \*\* +0x[0-9a-f]+" 1
check "the selection is marked by a glyph, not colour" "$s" "▶" 1
check "NO_COLOR: the screen sets no colour" "$(colour_codes)" "^0$" 1

# SIGTERM restores the terminal
pid=$(pgrep -n -f "^$bin$" || true)
[ -n "$pid" ] && kill -TERM "$pid"
s=$(wait_for "__exit=")
check "SIGTERM ends objscope" "$s" "__exit=143__" 1
check "the terminal is back in cooked mode after SIGTERM" "$(wait_file "$work/stty")" " icanon" 1

# at 40 columns the hex view shows every byte, 8 to a row
new_terminal 40 12 "bash $work/run.sh"
wait_for ">>>" > /dev/null
t send-keys 'x = [1, 2, 3]' Enter 'x' Enter F6 h
s=$(wait_for "bytes of the object")
check "a narrow hex view splits each line in two" "$s" "^ +8 [0-9a-f]{2}( [0-9a-f]{2}){7}$" 1
t send-keys F10
wait_for "__exit=" > /dev/null

# os._exit() skips every cleanup; the terminal must still come back
start
t send-keys 'import os; os._exit(4)' Enter
s=$(wait_for "__exit=")
check "os._exit(4) leaves with status 4" "$s" "__exit=4__" 1
check "the terminal is back in cooked mode after os._exit" "$(wait_file "$work/stty")" " icanon" 1
rm -f "$work/stty"

# a crash in C code, SIGTERM or SIGHUP while code runs: the terminal comes back first (Python's
# faulthandler then reports on a sane one), and the exit status is the signal's
# restored AFTER: the alternate screen, keypad and mouse are off, and the modes cooked again
restored() {
    check "the alternate screen, keypad and mouse are off after $1" \
        "$(t display -p 'alt=#{alternate_on} keypad=#{keypad_flag} mouse=#{mouse_any_flag}')" \
        "alt=0 keypad=0 mouse=0" 1
    check "the terminal is back in cooked mode after $1" "$(wait_file "$work/stty")" " icanon" 1
    rm -f "$work/stty"
}
start
t send-keys 'import ctypes; ctypes.string_at(0)' Enter
s=$(wait_for "__exit=")
segv_status=139
if grep -qa __asan_init "$bin"; then segv_status=1; fi # AddressSanitizer reports it, exits 1
check "a segfault in learner code ends with SIGSEGV's status" "$s" "__exit=${segv_status}__" 1
s=$(t capture-pane -p -S -) # from 3.14 a C stack follows: the first lines are scrolled off
check "faulthandler says what happened, on a line of its own" "$s" "^Fatal Python error: Segmentation fault" 1
check "and its traceback is not staircased (the terminal is cooked again)" "$s" "^  File .* in string_at$" 1
restored "a segfault"
for sig in TERM:143 HUP:129; do
    start
    t send-keys 'import time; time.sleep(30)' Enter
    wait_for "running\.\.\." > /dev/null
    pid=$(pgrep -n -f "^$bin$" || true)
    [ -n "$pid" ] && kill -"${sig%:*}" "$pid"
    s=$(wait_for "__exit=")
    check "SIG${sig%:*} while code runs ends objscope" "$s" "__exit=${sig#*:}__" 1
    restored "SIG${sig%:*}"
done

# :save writes through a symbolic link to its file, refuses a FIFO or a device without asking,
# leaves out an input that was interrupted and keeps one that raised as comments
start
t send-keys 'a = 6' Enter ':mem while True: pass' Enter
wait_for "running\.\.\." > /dev/null
t send-keys C-c
wait_for "KeyboardInterrupt" > /dev/null
t send-keys 'b = a * 7' Enter '1 / 0' Enter 'print(b)' Enter
wait_for "^42$" > /dev/null
printf 'old\n' > "$work/target.py"
ln -s target.py "$work/link.py"
t send-keys ":save $work/link.py" Enter
s=$(wait_for "Replace it")
check ":save on a link says which file it replaces" "$s" "a link to $work/target.py" 1
t send-keys y
wait_for "saved [0-9]+ inputs" > /dev/null
check "the link is still a link" "$([ -L "$work/link.py" ] && echo link)" "^link$" 1
check "the file it leads to runs to the end" \
    "$(python3 "$work/target.py" 2>&1 | tr '\n' ' '; echo "rc=${PIPESTATUS[0]}")" "^42 rc=0$" 1
check "the interrupted input is left out" "$(cat "$work/target.py")" "while True" 0
check "the input that raised is kept as a comment, with a note" \
    "$(grep -B1 -F '# 1 / 0' "$work/target.py" | tr '\n' '|')" "^# raised ZeroDivisionError .*\|# 1 / 0\|$" 1
mkfifo "$work/fifo"
t send-keys ":save $work/fifo" Enter
s=$(wait_for "not a regular file")
check ":save refuses a FIFO" "$s" "it is a FIFO, not a regular file" 1
check "and leaves it a FIFO" "$([ -p "$work/fifo" ] && echo fifo)" "^fifo$" 1
t send-keys ":save /dev/full" Enter
s=$(wait_for "character device")
check ":save refuses a device without asking" "$s" "/dev/full: it is a character device" 1
check "no question is asked" "$s" "Replace it" 0
t send-keys F10
wait_for "__exit=" > /dev/null

# :edit refuses what Python would: a NUL byte in the file runs nothing, and the text is kept
printf '#!/bin/sh\nprintf '"'"'nul_x = 1\\000\\377junk\\nprint("after" * 2)\\n'"'"' > "$1"\n' > "$work/nul.sh"
chmod +x "$work/nul.sh"
start EDITOR="$work/nul.sh"
t send-keys 'print(41)' Enter ':edit' Enter
s=$(wait_for "null bytes")
check ":edit says a NUL byte cannot be run" "$s" "nothing ran: source code cannot contain null bytes \(line 1\)" 1
check "and runs none of it" "$s" "afterafter" 0
check "the text is kept in the input line, the NUL shown" "$s" "^>>> nul_x = 1␀" 1
t send-keys C-c 'nul_x' Enter
s=$(wait_for "NameError")
check "nothing before the NUL ran either" "$s" "name 'nul_x' is not defined" 1
t send-keys F10
wait_for "__exit=" > /dev/null

# with its terminal gone objscope ends, as Python's prompt does at end of file, instead of
# spinning: code closed its descriptors, or the window closed while SIGHUP is ignored
start
t send-keys 'import os; os.closerange(0, 1024)' Enter
s=$(wait_for "__exit=")
check "code that closes every descriptor ends objscope" "$s" "__exit=0__" 1
restored "the descriptors closed (through /dev/tty)"
start
t send-keys 'import signal; signal.signal(signal.SIGHUP, signal.SIG_IGN); print(4000 + 321)' Enter
wait_for "^4321$" > /dev/null
pid=$(pgrep -n -f "^$bin$" || true)
t kill-server # the terminal is gone; SIGHUP does nothing
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
check "with SIGHUP ignored, a closed terminal still ends objscope" \
    "$(kill -0 "$pid" 2>/dev/null && echo running || echo ended)" "^ended$" 1
[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null # a build that spins must not outlive the test

# a loop inside C code checks for no Ctrl-C: the status line says the interrupt is pending, then
# that the code is stuck, and the next Ctrl-C leaves objscope (status 130), the input it was
# running kept in the history and the terminal restored
start
t send-keys 'n = 10**15' Enter 'sum(range(n))' Enter
wait_for "running\.\.\. Ctrl-C interrupts" > /dev/null
t send-keys C-c
s=$(wait_for "interrupt pending")
check "the first Ctrl-C on code in C: the interrupt is pending" "$s" "Ctrl-C: interrupt pending" 1
t send-keys C-c
s=$(wait_for "stuck in C code")
check "a few seconds after the second: stuck, and how to leave" "$s" \
    "stuck in C code: Ctrl-C again leaves objscope, saving your history" 1
t send-keys C-c
s=$(wait_for "__exit=")
check "the next Ctrl-C leaves objscope with status 130" "$s" "__exit=130__" 1
check "and says why" "$s" "left Python code stuck in C code" 1
check "the terminal is back in cooked mode after leaving stuck code" "$(wait_file "$work/stty")" " icanon" 1
check "the input being run is in the history" "$(cat "$XDG_STATE_HOME/objscope/history")" "sum\(range\(n\)\)" 1
rm -f "$work/stty"

finish
