#!/usr/bin/env bash
# tests/e2e/cli.sh BIN — the batch modes inside a real terminal, as a person would see them: the
# diagram in a UTF-8 terminal at its width (or --width), big offsets and sizes whole, the ASCII
# fallback in the C locale, hostile text kept escaped.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

# Run objscope with the given locale and arguments in a fresh 100x30 terminal; print the screen
# (with scrollback) once it has finished.
screen_of() {
    local locale=$1; shift
    {
        echo "export LC_ALL=$locale"
        printf '%q ' "$bin" "$@"
        echo
        echo 'echo __done__; sleep 30'
    } > "$work/cmd.sh"
    new_terminal 100 30 "bash $work/cmd.sh"
    for _ in $(seq 1 100); do
        t capture-pane -p -S -200 2>/dev/null | grep -q __done__ && break
        sleep 0.1
    done
    t capture-pane -p -S -200
}

s=$(screen_of C.UTF-8 --dump "[1, 2, 3]")
check "diagram shows the list header" "$s" "ob_refcnt +$refcnt_ctype +header" 1
check "diagram shows the item array" "$s" "ob_item array at 0x[0-9a-f]+: 32 bytes" 1
check "UTF-8 box drawing" "$s" "┌─+┐" 1
check "size summary reconciles" "$s" "= sys.getsizeof +88" 1
width=$(printf '%s\n' "$s" | LC_ALL=C.UTF-8 wc -L)
check "lines fit in 100 columns (widest: $width)" "$width" "^([0-9]|[0-9][0-9]|100)$" 1

check "the diagram takes the terminal's width (widest: $width)" "$width" "^100$" 1

s=$(screen_of C.UTF-8 --dump "list(range(10**6))")
check "a 7-digit offset is shown whole" "$s" "│ 7999992       8  ob_item\[999999\]" 1
check "...and so is a 7-digit size" "$s" "│      64 7999920  ob_item\[8\.\.999997\]" 1
check "sizes are grouped in threes" "$s" "= sys\.getsizeof +8,000,056$" 1
width=$(printf '%s\n' "$s" | grep '│' | LC_ALL=C.UTF-8 wc -L)
check "the box still fits the terminal (widest: $width)" "$width" "^100$" 1

s=$(screen_of C.UTF-8 --dump "[1, 2, 3]" --width 80)
width=$(printf '%s\n' "$s" | grep '[│┌└]' | LC_ALL=C.UTF-8 wc -L)
check "--width 80 draws the boxes 80 wide (widest: $width)" "$width" "^80$" 1
out=$("$bin" --dump "[1, 2, 3]" | LC_ALL=C.UTF-8 wc -L)
check "piped, --dump is 97 wide as before ($out)" "$out" "^97$" 1
out=$("$bin" --dump 1 --width wide 2>&1; echo "status $?")
check "--width wants a number" "$out" "--width needs a number of columns from 1 to 1000, not 'wide'" 1
check "...exit status 2" "$out" "status 2$" 1
out=$("$bin" --json 1 --width 80 2>&1; echo "status $?")
check "--width goes only with --dump and --svg" "$out" "--width goes with --dump or --svg" 1

s=$(screen_of C --dump "'caf\\u00e9'")
check "ASCII fallback in the C locale" "$s" "\\+-+\\+" 1
check "non-ASCII escaped in the C locale" "$s" "caf\\\\u00e9" 1

s=$(screen_of C.UTF-8 --dump "'\\x1b[2J\\x1b[31mred'")
check "escape sequences are shown, not obeyed" "$s" "x1b\\[2J" 1

s=$(screen_of C.UTF-8 --dump "nope")
check "a NameError reads like Python's" "$s" "NameError: name 'nope' is not defined" 1

finish
