#!/usr/bin/env bash
# tests/e2e/classroom.sh BIN — a teacher's session, in a real terminal: a shipped demo in
# presenter mode at 80x24 (forward, back, a live question and back to the script, the end of the
# script), presenter mode's diagram (no addresses or C types until F4, the pre-header in one row,
# the rows a step changed marked, also without colour), the references picture of two aliases
# (in UTF-8 and in ASCII), --refs, and :export to SVG (well-formed, the field names in its text,
# drawn by headless Chromium) and to text, asking before it replaces a file.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

explorer() { # explorer LOCALE COLS ROWS [ENV=VALUE] -- ARGS...: objscope in a fresh terminal
    local locale=$1 cols=$2 rows=$3 extra=""
    shift 3
    while [ "$1" != "--" ]; do extra="$extra export $1;"; shift; done
    shift
    { printf 'export LC_ALL=%s TERM=xterm-256color;%s\n' "$locale" "$extra"
      printf '%q ' "$bin" "$@"
      printf '\necho "__exit=$?__"; sleep 30\n'; } > "$work/run.sh"
    new_terminal "$cols" "$rows" "bash $work/run.sh"
}

# ---- a shipped demo, presenter mode, 80x24 --------------------------------------------------
explorer C.UTF-8 80 24 -- --present --demo aliasing
s=$(wait_for "^ 0/10")
check "the demo opens at its start, with its title" "$s" "^ 0/10 +Aliasing: names are references" 1
check "presenter mode has no title bar" "$s" "objscope · CPython" 0
check "...nor a status bar" "$s" "F1 help" 0
t send-keys Space
s=$(wait_for "^>>> a = \[1, 2, 3\]")
check "Space types the first step into the REPL and runs it" "$s" "^>>> a = \[1, 2, 3\]" 1
check "its caption shows beside the counter" "$s" "^ 1/10 +a names a new list" 1
check "the step asks for the references picture" "$s" "┌ names ┐" 1
t send-keys Space
s=$(wait_for "│ b ")
check "two names, one list: their arrows meet" "$s" "│ a +●├─+┬─+▶┌ list" 1
check "...b's arrow turns into a's" "$s" "│ b +●├─+┘" 1
t send-keys Left
s=$(wait_for "back to step 1")
check "Left goes back a step" "$s" "^ 1/10" 1
check "...running the script again in a fresh namespace" "$s" "back to step 1: it ran again in a fresh namespace" 1
check "...so b is gone from the picture" "$s" "│ b " 0
t send-keys 'len(a)' Enter
s=$(wait_for "^3$")
check "a normal key asks a live question in the REPL" "$s" "^>>> len\(a\)" 1
check "...while the script waits" "$s" "F5: back to the script" 1
t send-keys F5 Space
s=$(wait_for "^>>> b = a")
check "F5 goes back to the script, and Space steps on" "$s" "^>>> b = a" 1
for echo in "b.append" "a is b" "c = list" "c.append"; do
    t send-keys Space
    s=$(wait_for "^>>> $echo")
done
t send-keys Space
s=$(wait_for "│ one ")
check "the picture scrolls to the name a step bound, and its box" "$s" "│ one +●├─+▶\[ 1 \] int" 1
for echo in "def add_zero" "add_zero\(a\)"; do
    t send-keys Space
    s=$(wait_for "^>>> $echo")
done
t send-keys Space
s=$(wait_for "'hello' \] str")
check "the demo reaches its last step" "$s" "^ 10/10 " 1
check "...the picture showing what the last step changed" "$s" "│ a +●├─+▶\[ 'hello' \] str" 1
check "no step failed" "$s" "Traceback|Error" 0
t send-keys Space
s=$(wait_for "the end of the script")
check "Space at the end says so" "$s" "^ 10/10 +the end of the script" 1
t send-keys Escape
s=$(wait_for "demo ended")
check "Esc ends the demo" "$s" "demo ended; the namespace stays" 1
t send-keys C-d
s=$(wait_for "__exit=")
check "...and objscope quits cleanly" "$s" "__exit=0__" 1

# ---- presenter mode's diagram: what changed, what is hidden ---------------------------------
explorer C.UTF-8 100 30 NO_COLOR=1 -- --present --demo list-growth
wait_for "^ 0/" > /dev/null
t send-keys Space Space
wait_for "^>>> nums = \[\]" > /dev/null
t send-keys Space
wait_for "^● .*ob_size" > /dev/null
s=$(wait_for "deep [0-9,]+ in [0-9,]+ object") # the frame drawn whole (see below)
check "after an append the changed rows are marked, without colour too" "$s" "^● +16 +8 head ob_size +1$" 1
check "...allocated changed" "$s" "^● +32 +8 fld +allocated +4" 1
check "...the type did not" "$s" "^● .*ob_type" 0
check "no addresses in presenter mode" "$s" "0x[0-9a-f]{6}" 0
check "no C types either" "$s" "Py_ssize_t" 0
check "the pre-header in one row" "$s" "pre-header: 16 bytes before the object \(_gc_next, _gc_prev\)" 1
check "a blank row before each section" "$s" "$(printf '^$')" 1
t send-keys F4
s=$(wait_for "Py_ssize_t")
check "F4 shows the C types" "$s" "ob_size +Py_ssize_t" 1
check "...the addresses" "$s" "_gc_next +uintptr_t +0x[0-9a-f]{6}" 1
check "...and the selected row in words" "$s" "counted by __sizeof__" 1
t send-keys F4 Space
wait_for "ob_size +4$" > /dev/null
# the new rows come with a deep count: once it is done, the whole frame has been drawn (a
# screen read as "ob_size 4" appears can still hold the rows below it from the frame before)
s=$(wait_for "deep [0-9,]+ in [0-9,]+ object")
check "a step that changes nothing marked before leaves no old marks" "$s" "^● +32 +8 fld +allocated +4 " 0
check "...and marks what it changed" "$s" "^● +16 +8 head ob_size +4$" 1
t send-keys F10

# ---- the references picture -----------------------------------------------------------------
explorer C.UTF-8 100 30 -- --theme dark
wait_for ">>>" > /dev/null
t send-keys 'a = b = []' Enter 'a.append(1)' Enter F3
s=$(wait_for "┌ names ┐")
check "F3 draws the names and what they point to" "$s" "references: the names and what they point to" 1
check "one list, two arrows in" "$s" "│ a +●├─+┬─+▶┌ list · [0-9]+ B" 1
check "...b's meeting a's" "$s" "│ b +●├─+┘" 1
check "the int is a box of its own, its identity noted" "$s" "▶\[ 1 \] int · 28 B · small int" 1
check "a legend says what the note means (this CPython's cache: to 256, 3.15: to 1024)" "$s" "small int: CPython makes the ints -5 to (256|1024) once" 1
t send-keys 'c = 1' Enter
s=$(wait_for "│ c ")
check "the picture follows each input: c points to the same 1" "$s" "│ c +●├─+▶\[ 1 \] int" 1
check "...and a[0]'s arrow comes back to it" "$s" "small int( · immortal)? ◀" 1
t send-keys F6 Escape
s=$(wait_for "Nothing to show yet")
check "Esc in the picture goes back to the memory diagram" "$s" "Nothing to show yet" 1
t send-keys F10

explorer C 80 24 -- --theme dark
wait_for ">>>" > /dev/null
t send-keys 'a = b = []' Enter 'a.append(1)' Enter F3
s=$(wait_for "names")
check "in ASCII (the C locale) the picture keeps its shape" "$s" "\| a +\*\+-+\+->\+ list, [0-9]+ B" 1
check "...b joining a" "$s" "\| b +\*\+-+\+ " 1
check "...and only ASCII" "$(printf '%s' "$s" | LC_ALL=C grep -c '[^ -~]')" "^0$" 1
t send-keys F10

s=$("$bin" --setup 'a = b = [1]' --refs 'globals()' --width 20 2>&1)
check "--refs on a narrow width writes name → object lines" "$s" "^b → the same list as a$" 1
s=$("$bin" --setup 'import weakref' --setup 'class C: pass' --setup 'c = C(); r = weakref.ref(c)' --refs r 2>&1)
check "--refs EXPR draws a weak reference dotted" "$s" "○├┄" 1
"$bin" --setup 'a = b = [1, 2]' --refs 'globals()' --svg > "$work/refs.svg" 2> "$work/refs.err"
f=$(facts "$work/refs.svg" 2>&1)
check "--refs with --svg is a well-formed SVG" "$(fact root "$f")" "^True$" 1
check "...with the picture's text" "$(fact text "$f")" "names.*list · [0-9]+ B.*\[ 1 \] int" 1
check "...and nothing on stderr" "$(cat "$work/refs.err")" "." 0

# ---- :export ---------------------------------------------------------------------------------
explorer C.UTF-8 100 30 -- --theme dark
wait_for ">>>" > /dev/null
t send-keys 'x = [1, 2, 3]' Enter 'x' Enter
wait_for "ob_item array" > /dev/null
t send-keys ":export $work/x.svg" Enter
s=$(wait_for "wrote the diagram to")
check ":export FILE.svg writes the diagram" "$s" "wrote the diagram to .*x\.svg" 1
f=$(facts "$work/x.svg" 2>&1)
check "...as a well-formed SVG" "$(fact root "$f")" "^True$" 1
for name in ob_refcnt ob_size ob_item "ob_item\[0\]" "1 → int" "sys.getsizeof"; do
    check "...whose text has '$name'" "$(fact text "$f")" "$name" 1
done
t send-keys ":export $work/x.svg" Enter
s=$(wait_for "Replace it with the picture")
check "exporting over a file asks first" "$s" "exists. Replace it with the picture\?" 1
t send-keys n
s=$(wait_for "not exported")
check "...and n keeps it as it was" "$s" "not exported: the file is as it was" 1
t send-keys F3 ":export $work/names.svg" Enter
s=$(wait_for "wrote the references picture")
check "with the references picture showing, :export writes that" "$s" "wrote the references picture to" 1
t send-keys ":export $work/names.txt" Enter
wait_for "names.txt" > /dev/null
check "...as text too" "$(wait_file "$work/names.txt")" "│ x +●├─+▶┌ list" 1
f=$(facts "$work/names.svg" 2>&1)
check "the picture's SVG is well-formed" "$(fact root "$f")" "^True$" 1
check "...with its names and boxes in its text" "$(fact text "$f")" "names.*x.*list · 88 B" 1
t send-keys F10
w=$(fact width "$f") h=$(fact height "$f")
if [ -z "$chromium" ]; then
    echo "note: the exported picture was not drawn by a browser: chromium is not installed (Debian: chromium)"
elif ! shoot "$work/names.svg" "$w" "$h" "$work/names.png" || [ ! -s "$work/names.png" ]; then
    echo "note: the exported picture was not drawn by a browser: chromium could not run here:"
    tail -n 3 "$work/chromium.log"
else
    p=$(pixels "$work/names.png" "#34e2e2" 2>&1) # the dark theme's pointer colour: the arrows
    read -r pw ph share distinct <<< "$(printf '%s\n' "$p" | head -n 1)"
    check "Chromium draws it at the picture's size" "$pw x $ph" "^$w x $h$" 1
    check "...not blank (share of non-background pixels: $share)" "$share" "^0\.(0[2-9]|[1-4])" 1
    check "...its arrows in the theme's pointer colour" "$(fact '#34e2e2' "$p")" "^[1-9][0-9]+$" 1
fi
finish
