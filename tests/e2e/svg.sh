#!/usr/bin/env bash
# tests/e2e/svg.sh BIN — `objscope --svg` as a teacher uses it: the file parses as XML (Python's
# xml.etree), its text has the diagram's field names and one <text> per line of --dump, its
# size follows the rows and --width, and headless Chromium draws it: the screenshot has the
# picture's size, is not blank, and shows the theme's colours. Without Chromium that part is
# skipped with the reason.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

svg="$work/list.svg"
LC_ALL=C.UTF-8 "$bin" --setup 'x = [1, 2, 3]' --svg x > "$svg" 2> "$work/err"
check "--svg succeeds" "$?" "^0$" 1
check "...quietly" "$(cat "$work/err")" "." 0

f=$(facts "$svg" 2>&1)
check "the SVG is well-formed XML with an <svg> root" "$(fact root "$f")" "^True$" 1
text=$(fact text "$f")
for name in ob_refcnt ob_type ob_size ob_item allocated _gc_next "ob_item\[0\]" "1 → int" "sys.getsizeof" "deep size"; do
    check "its text has '$name'" "$text" "$name" 1
done
dump_lines=$("$bin" --setup 'x = [1, 2, 3]' --dump x --width 97 | grep -c '[^ ]')
check "one <text> per line of --dump ($dump_lines)" "$(fact lines "$f")" "^$dump_lines$" 1
check "height: 12 px margins and 17 px per line" "$(fact height "$f")" "^$((24 + (dump_lines + 1) * 17))$" 1
check "width: 97 columns of 8.4 px and the margins" "$(fact width "$f")" "^839$" 1
f=$("$bin" --svg '[1, 2, 3]' --width 140 > "$work/wide.svg" && facts "$work/wide.svg")
check "--width 140 makes it wider" "$(fact width "$f")" "^1200$" 1
f=$(LC_ALL=C "$bin" --svg '"café"' > "$work/c.svg" && facts "$work/c.svg")
check "the C locale still gives a UTF-8 picture" "$(fact text "$f")" "café" 1
f=$("$bin" --svg '"café"' --ascii > "$work/a.svg" && facts "$work/a.svg")
check "--ascii gives ASCII text" "$(fact ascii "$f")" "^True$" 1
check "...with escapes" "$(fact text "$f")" "caf\\\\u00e9" 1
"$bin" --setup 'print("hello")' --svg 'print("again") or 1' > "$work/p.svg" 2> "$work/p.err"
f=$(facts "$work/p.svg" 2>&1)
check "what the code prints stays out of the picture" "$(fact root "$f")" "^True$" 1
check "...and goes to stderr" "$(tr '\n' ' ' < "$work/p.err")" "^hello again $" 1
s=$("$bin" --svg 'nope' 2>&1)
check "an error reads like Python's and makes no picture" "$s" "NameError: name 'nope' is not defined" 1

# Headless Chromium draws it (shoot and pixels: lib.sh).
if [ -z "$chromium" ]; then
    echo "note: the SVG was not drawn by a browser: chromium is not installed (Debian: chromium)"
elif ! shoot "$svg" 839 $((24 + (dump_lines + 1) * 17)) "$work/list.png" || [ ! -s "$work/list.png" ]; then
    echo "note: the SVG was not drawn by a browser: chromium could not run here:"
    tail -n 3 "$work/chromium.log"
else
    # the dark theme: background #1c1f21, header names bright-magenta, pointers bright-cyan
    p=$(pixels "$work/list.png" "#ad7fa8" "#34e2e2" 2>&1)
    read -r w h share distinct <<< "$(printf '%s\n' "$p" | head -n 1)"
    check "the screenshot has the picture's size" "$w x $h" "^839 x $((24 + (dump_lines + 1) * 17))$" 1
    check "it is not blank (share of non-background pixels: $share)" "$share" "^0\.(0[3-9]|[1-4])" 1
    check "it has text's many shades ($distinct colours)" "$distinct" "^[0-9]{2,}$" 1
    check "header names are drawn in the theme's header colour" "$(fact '#ad7fa8' "$p")" "^[1-9][0-9]+$" 1
    check "pointers in the theme's pointer colour" "$(fact '#34e2e2' "$p")" "^[1-9][0-9]+$" 1
fi
finish
