#!/usr/bin/env bash
# tests/e2e/docs.sh BIN — the help screen (F1 in a real terminal), --help and the man page (made
# next to BIN by the build, read as groff renders it) list the same keys and : commands as the
# binary's own tables (--help-keys), and the man page covers every option --help lists.
set -u
bin=$(realpath "$1")
man_page="$(dirname "$bin")/objscope.1"
. "$(dirname "$0")/lib.sh"

tables=$("$bin" --help-keys)
check "--help-keys prints key tables" "$tables" "^keymap	" 1
check "--help-keys prints keys" "$tables" "^key	F1	" 1
check "--help-keys prints the : commands" "$tables" "^command	:show EXPR	" 1
printf '%s\n' "$tables" > "$work/tables"

# missing_in FILE KINDS lines|joined: every row of the tables of those kinds (key,command) that
# FILE does not show, one per line. A row is shown when its name is followed by its help (the
# man page puts keys that do the same on one entry: "Left, Ctrl-B  back one character"), on one
# line (lines: a screen) or anywhere (joined: a man page wraps); whitespace counts as one space.
missing_in() {
    "${OBJSCOPE_PYTHON:-python3}" - "$work/tables" "$1" "$2" "$3" <<'PY'
import re, sys
tables, text, kinds, mode = sys.argv[1], open(sys.argv[2], encoding="utf-8").read(), sys.argv[3], sys.argv[4]
lines = [re.sub(r"\s+", " ", l).strip() for l in text.splitlines()]
joined = " ".join(lines)
for row in open(tables, encoding="utf-8").read().splitlines():
    kind, name, help_ = (row.split("\t") + ["", ""])[:3]
    if kind not in kinds.split(",") or kind == "keymap":
        continue
    pattern = re.escape(name) + r"(, [^ ,]+)* " + re.escape(re.sub(r"\s+", " ", help_))
    where = lines if mode == "lines" else [joined]
    if not any(re.search(r"(^|[ ,])" + pattern, l) for l in where):
        print(f"{kind} {name!r}: {help_!r}")
PY
}

# The help screen, in a terminal tall enough to show all of it at once.
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 160 300 "bash $work/run.sh"
wait_for ">>>" > /dev/null
t send-keys F1
s=$(wait_for "Commands")
printf '%s\n' "$s" > "$work/screen"
check "F1 opens the help screen" "$s" "Commands" 1
m=$(missing_in "$work/screen" key,command lines)
check "the help screen lists every key and command of the tables${m:+: missing $m}" "${m:-none}" "^none$" 1
t send-keys Escape F10

if command -v groff >/dev/null 2>&1 && [ -f "$man_page" ]; then
    groff -man -Tutf8 -P-c -rLL=200n -rHY=0 "$man_page" 2>&1 | sed 's/.\x08//g' > "$work/man"
    m=$(missing_in "$work/man" key,command joined)
    check "the man page lists every key and command of the tables${m:+: missing $m}" "${m:-none}" "^none$" 1
    options=$(sed -n '/^OPTIONS/,/^KEYS/p' "$work/man" | grep -o -- '--[a-z][a-z-]*' | sort -u)
    helped=$("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    m=$(comm -23 <(printf '%s\n' "$helped") <(printf '%s\n' "$options") | tr '\n' ' ')
    check "the man page's OPTIONS cover every option of --help${m:+: missing $m}" "${m:-none}" "^none$" 1
    m=$(comm -13 <(printf '%s\n' "$helped") <(printf '%s\n' "$options") | grep -v '^--help-keys$' | tr '\n' ' ')
    check "every option in the man page is one --help lists${m:+: not in --help: $m}" "${m:-none}" "^none$" 1
else
    echo "note: man page checks skipped: $( command -v groff >/dev/null 2>&1 || echo "groff is not installed"; [ -f "$man_page" ] || echo "no $man_page (make builds it)")"
fi

"$bin" --help > "$work/help"
m=$(missing_in "$work/help" command lines)
check "--help lists every : command${m:+: missing $m}" "${m:-none}" "^none$" 1
check "--help points to the man page and the help screen" "$(cat "$work/help")" "man objscope" 1
finish
