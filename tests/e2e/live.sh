#!/usr/bin/env bash
# tests/e2e/live.sh BIN — the explorer stays live whatever Python does: Ctrl-C stops an endless
# loop, a looping __repr__, a looping __sizeof__ override in the diagram and code whose SIGINT
# handler swallows the first one; Ctrl-Z and Ctrl-\ neither suspend nor kill it; Esc and Ctrl-C
# stop a deep-size count; Python threads run at an idle prompt; what threads and child processes
# print later appears on its own; objscope lets go of an object once the code no longer refers to
# it (and on :release), and the finalizer's output shows. The terminal's modes are read from
# outside (stty on the pane's tty) after each: raw at the prompt, signal keys only while code runs.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

start() { # start COLS ROWS: the explorer in a fresh terminal
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\necho "__exit=$?__"; stty -a > %q; sleep 30\n' \
        "$bin" "$work/stty" > "$work/run.sh"
    new_terminal "$1" "$2" "bash $work/run.sh"
    wait_for ">>>" > /dev/null
}

# The terminal's modes as the pane's tty has them now, on one line.
modes() { stty -a -F "$(t display -p '#{pane_tty}')" 2>/dev/null | tr ';\n' '  '; }
at_prompt_modes() { # name: after each stop the terminal is raw again, Ctrl-Z a key
    local m
    m=$(modes)
    check "$1: the terminal is raw again (no signal keys)" "$m" "(^| )-isig( |$)" 1
    check "$1: Ctrl-Z is back as it was" "$m" "susp = \^Z" 1
}

start 100 30

# an endless loop: while it runs, Ctrl-C is a signal, Ctrl-Z and Ctrl-\ are not
t send-keys 'while True: pass' Enter Enter
wait_for "running\.\.\. Ctrl-C" > /dev/null
m=$(modes)
check "while code runs, Ctrl-C raises SIGINT" "$m" "(^| )isig( |$)" 1
check "while code runs, Ctrl-Z suspends nothing" "$m" "susp = <undef>" 1
check "while code runs, Ctrl-\\\\ quits nothing" "$m" "quit = <undef>" 1
t send-keys C-z 'C-\'
sleep 0.3
s=$(wait_for "running\.\.\. Ctrl-C")
check "Ctrl-Z and Ctrl-\\\\ leave the code running (and objscope there)" "$s" "running\.\.\. Ctrl-C" 1
t send-keys C-c
s=$(wait_for "^KeyboardInterrupt")
check "Ctrl-C stops an endless loop" "$s" "^KeyboardInterrupt" 1
check "objscope was neither suspended nor quit" "$s" "__exit=" 0
at_prompt_modes "after the loop"

# a looping __repr__ is objscope's own call: Ctrl-C stops it before its 2 s limit
t send-keys 'class Loops:' Enter 'def __repr__(self):' Enter 'while True: pass' Enter Enter Enter
t send-keys 'Loops()' Enter
sleep 0.4
t send-keys C-c
s=$(wait_for "<repr (interrupted|timed out)")
check "Ctrl-C stops a looping __repr__" "$s" "^<repr interrupted>" 1
check "before its time limit would have" "$s" "timed out after" 0
at_prompt_modes "after the __repr__"

# a looping __sizeof__ override, asked while the diagram is made
t send-keys 'class Sized:' Enter 'def __sizeof__(self):' Enter 'while True: pass' Enter Enter Enter
t send-keys 'sized = Sized()' Enter ':show sized' Enter
sleep 0.4
t send-keys C-c
wait_for "sized → Sized" > /dev/null
t send-keys Tab G
s=$(wait_for "suspect __sizeof__")
check "Ctrl-C stops a looping __sizeof__ override in the diagram" "$s" \
    "suspect __sizeof__: the Python __sizeof__ override failed: stopped by Ctrl-C" 1
t send-keys Tab 'after_sized = 1' Enter
wait_for ">>> after_sized = 1" > /dev/null
t send-keys Tab G
s=$(wait_for "not called again")
check "the next input does not call the looping override again" "$s" \
    "stopped by Ctrl-C \(not called again:" 1
t send-keys Tab
at_prompt_modes "after the __sizeof__ override"

# a SIGINT handler that swallows Ctrl-C: the first reaches it, the second stops the code
t send-keys 'import signal; old = signal.signal(signal.SIGINT, lambda *a: print("swallowed"))' Enter
t send-keys 'while True: pass' Enter Enter
wait_for "running\.\.\. Ctrl-C" > /dev/null
t send-keys C-c
sleep 0.5
s=$(wait_for "interrupt pending")
check "the first Ctrl-C goes to the learner's handler (the code runs on)" "$s" \
    "Ctrl-C: interrupt pending, waiting for the code to stop \(Ctrl-C again forces it\)" 1
t send-keys C-c
s=$(wait_for "^KeyboardInterrupt")
check "the second Ctrl-C stops the code whatever the handler" "$s" "^KeyboardInterrupt" 1
check "after the handler ran once" "$s" "^swallowed" 1
t send-keys 'signal.signal(signal.SIGINT, old)' Enter
at_prompt_modes "after the swallowing handler"

# a deep-size count stops on Esc and Ctrl-C, from the REPL and from the diagram
t send-keys 'big = [[i] for i in range(1000, 201000)]' Enter
wait_for ">>> big = " > /dev/null
t send-keys 'big' Enter Escape
s=$(wait_for "^ big → list .*deep: stopped")
check "Esc in the REPL stops a deep count" "$s" "^ big → list .*deep: stopped \(d\)" 1
t send-keys 'big[1:]' Enter C-c
s=$(wait_for "^ big\[1:\] → list .*deep: stopped")
check "Ctrl-C on an empty input line stops a deep count" "$s" "^ big\[1:\] → list .*deep: stopped \(d\)" 1
t send-keys ':show big[2:]' Enter Tab C-c
s=$(wait_for "^ big\[2:\] → list .*deep: stopped")
check "Ctrl-C in the diagram stops a deep count" "$s" "^ big\[2:\] → list .*deep: stopped \(d\)" 1
t send-keys d
# big[2:]: itself, 199,998 lists and their ints, less the ints CPython's small-int cache shares
# (none below 1024 on 3.10-3.14; 3.15 caches to 1024): the interpreter says which are cached
objects=$("${OBJSCOPE_PYTHON:-python3}" -c "print(f'{1 + 2 * 199998 - sum(int(str(i)) is int(str(i)) for i in range(1002, 201000)):,}')")
s=$(wait_for "deep [0-9,]+ in $objects objects")
check "d counts again, to the end" "$s" "deep [0-9,]+ in $objects objects" 1
t send-keys Tab 'del big' Enter

# Python threads run while the prompt waits (a thread ticking every 10 ms, as in Python's REPL)
t send-keys 'import threading, time' Enter 'ticks = 0' Enter
t send-keys 'def tick():' Enter 'global ticks' Enter 'while True:' Enter 'ticks += 1' Enter \
    'time.sleep(0.01)' Enter Enter Enter
t send-keys 'threading.Thread(target=tick, daemon=True).start(); first = ticks' Enter
wait_for ">>> threading.Thread" > /dev/null
sleep 3
t send-keys 'print("ticked", ticks - first)' Enter
s=$(wait_for "^ticked [0-9]+")
n=$(printf '%s\n' "$s" | sed -n 's/^ticked \([0-9]*\).*/\1/p' | tail -1)
check "a thread ticks at an idle prompt (${n:-?} ticks in about 3 s; 300 at most)" "${n:-0}" \
    "^([1-9][0-9][0-9]|[1-9][0-9][0-9][0-9])$" 1

# what a thread or a child process prints after its run shows without a key being pressed
t send-keys 'threading.Timer(0.5, print, ["from a timer"]).start()' Enter
s=$(wait_for "^from a timer")
check "a thread's late output appears at the idle prompt" "$s" "^from a timer" 1
t send-keys 'import subprocess; child = subprocess.Popen(["sh", "-c", "sleep 0.5; echo from a child"])' Enter
s=$(wait_for "^from a child")
check "a child process's late output appears too" "$s" "^from a child" 1

# objscope lets go of what the code no longer refers to, and the finalizer's output shows
t send-keys 'class Leaver:' Enter 'def __init__(self, name): self.name = name' Enter \
    'def __del__(self): print("bye", self.name)' Enter Enter
t send-keys 'h = Leaver("h")' Enter ':show h' Enter
s=$(wait_for "references is objscope")
check "the refcount row says which references are objscope's" \
    "$(printf '%s\n' "$s" | tr -s '\n ' '  ')" "1 of these references is objscope's: the diagram's \(:release lets go\)" 1
t send-keys 'del h' Enter
s=$(wait_for "^bye h")
check "del h: objscope lets go of it and says so" "$s" \
    "^objscope let go of h \(Leaver\): nothing in your code refers to it any more" 1
check "and its __del__'s output appears" "$s" "^bye h" 1
check "the diagram says why it is empty" "$s" "objscope let go of h \(Leaver\) once nothing in your" 1
t send-keys 'Leaver("shown")' Enter
s=$(wait_for "references are objscope")
check "a value typed at the prompt is held by the diagram and _" \
    "$(printf '%s\n' "$s" | tr -s '\n ' '  ')" "2 of these references are objscope's: the diagram's, the REPL's ._. \(:release" 1
t send-keys ':release' Enter
s=$(wait_for "^bye shown")
check ":release lets go of it and of _" "$s" \
    "^objscope let go of Leaver\(\"shown\"\) \(Leaver\) and set ._. to None" 1
check "and the finalizer's output appears" "$s" "^bye shown" 1

# the weak-references lesson's account of `_` and the diagram still reads true
t send-keys 'import weakref' Enter 'class Node: pass' Enter Enter
t send-keys 'target = Node(); target_ref = weakref.ref(target)' Enter 'target' Enter 'del target' Enter
t send-keys 'print("alive:", target_ref() is not None)' Enter
s=$(wait_for "^alive: ")
check "after typing target and del target, _ and the diagram still hold it" "$s" "^alive: True" 1
t send-keys '0' Enter 'print("after 0:", target_ref())' Enter
s=$(wait_for "^after 0: ")
check "another value lets it go" "$s" "^after 0: None" 1
t send-keys 'target = Node(); target_ref = weakref.ref(target)' Enter ':show target' Enter 'del target' Enter
t send-keys 'print("shown, then deleted:", target_ref())' Enter
s=$(wait_for "^shown, then deleted: ")
check "shown with :show, del lets it go at once" "$s" "^shown, then deleted: None" 1

# GNU readline, imported, takes the screen for 80x24 whatever it is (it cannot see the terminal
# while code runs, and tells curses so): objscope keeps the real size
t send-keys 'import readline' Enter
wait_for ">>> import readline" > /dev/null
t send-keys F1
wait_for "Esc or q closes" > /dev/null
t send-keys G
s=$(wait_for "narrow screens: H head")
check "after import readline an overlay still fills 100x30, to its last row" \
    "$(printf '%s\n' "$s" | sed -n '29,30p' | tr '\n' '|')" "narrow screens: H head.*\| Up/Down" 1
t send-keys Escape
at_prompt_modes "after import readline"

# quit: the terminal is as it was
t send-keys C-d
s=$(wait_for "__exit=")
check "Ctrl-D quits with status 0" "$s" "__exit=0__" 1
st=$(wait_file "$work/stty")
check "the terminal is back in cooked mode" "$st" " icanon" 1
check "with its signal keys" "$st" "(^| )isig( |$)" 1
check "and Ctrl-Z as it was" "$st" "susp = \^Z" 1
rm -f "$work/stty"

# at 80x24 too: the let-go and the finalizer, and Ctrl-C on a loop
start 80 24
t send-keys 'class Leaver:' Enter 'def __del__(self): print("bye small")' Enter Enter
t send-keys 'x = [Leaver()]' Enter ':show x' Enter 'del x' Enter
s=$(wait_for "^bye small")
check "80x24: objscope lets go of the list, and the list of its item" "$s" "^bye small" 1
check "80x24: saying so" "$s" "^objscope let go of x \(list\)" 1
t send-keys 'import time; time.sleep(30)' Enter
wait_for "running\.\.\. Ctrl-C" > /dev/null
t send-keys C-c
s=$(wait_for "^KeyboardInterrupt")
check "80x24: Ctrl-C stops a sleep" "$s" "^KeyboardInterrupt" 1
at_prompt_modes "80x24"
t send-keys C-d
wait_for "__exit=" > /dev/null

finish
