#!/usr/bin/env bash
# tests/e2e/retained.sh BIN — what keeps what alive, as a learner meets it: --retained on the
# command line (text and JSON), and the explorer's view (R and :retained) at 100x30 and 40x12:
# the count, going down and back up, the table by type, o showing a layout, Esc.
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"

graph='x = {"key%d" % i: [i + 2000, str(i) * 20] for i in range(3000)}'

# ---- the command line
out=$("$bin" --setup "$graph" --retained x --depth 2 --top 3 2>&1)
check "--retained names the object and what it keeps alive" "$out" \
    "^x: dict keeps [0-9,]+ bytes alive \([0-9,]+ asked for\) in [0-9,]+ blocks of 12,001 objects" 1
check "--retained names each row by how it is reached" "$out" "├── \['key[0-9]+'\]  list" 1
check "--retained names the dict's keys table" "$out" "<dict keys table>  block" 1
check "--retained folds the rest of a level" "$out" "└── … [0-9,]+ more" 1
check "--retained ends with the table by type" "$out" "^  str +6,000 " 1
json=$("$bin" --setup "$graph" --retained x --json 2>&1)
got=$(printf '%s' "$json" | "${OBJSCOPE_PYTHON:-python3}" -c '
import json, sys
d = json.load(sys.stdin)
t = d["tree"]
print(t["label"], t["objects"], len(t["children"]), d["more"] if "more" in d else t["more"]["rows"],
      sorted(r["type"] for r in d["by_type"]))' 2>&1)
check "--retained --json carries the same tree" "$got" "^x 12001 10 [0-9]+ \['dict', 'int', 'list', 'str'\]$" 1
ex=$("$bin" --setup "$graph" --json x | "${OBJSCOPE_PYTHON:-python3}" -c 'import json, sys; print(json.load(sys.stdin)["exclusive_footprint"])')
root=$(printf '%s' "$json" | "${OBJSCOPE_PYTHON:-python3}" -c 'import json, sys; print(json.load(sys.stdin)["tree"]["footprint"])')
check "what the root retains is its exclusive footprint" "$root" "^$ex\$" 1

# ---- the explorer
start() { # start the explorer in a fresh COLSxROWS terminal
    printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q\nsleep 30\n' "$bin" > "$work/run.sh"
    new_terminal "$1" "$2" "bash $work/run.sh"
    wait_for ">>>" > /dev/null
}

start 100 30
t send-keys "$graph" Enter 'x' Enter
wait_for "^ x → dict" > /dev/null
t send-keys Tab R
s=$(wait_for "keeps [0-9,]+ bytes alive in 12,001 objects")
check "R counts what the shown object keeps alive" "$s" "What keeps what alive: x .* keeps [0-9,]+ bytes alive in 12,001 objects" 1
check "the largest row comes first, with a full bar" "$s" "▶ +[0-9,]+ +[0-9.]+% \[██████████\] <dict keys table>" 1
check "rows that keep more alive are marked" "$s" "\['key[0-9]+'\]  list ›" 1
t send-keys Down Enter
s=$(wait_for "x → \['key[0-9]+'\]")
check "Enter goes down, the breadcrumb follows" "$s" "What keeps what alive: x → \['key[0-9]+'\] +keeps 2[0-9]{2} bytes alive in 3 objects" 1
check "an object's own blocks are rows too" "$s" "<ob_item array>  block" 1
t send-keys t
s=$(wait_for " type +objects +size +footprint +share")
check "t shows what it keeps alive by type" "$s" "^ str +1 " 1
t send-keys t BSpace
s=$(wait_for "What keeps what alive: x +keeps")
check "Backspace goes back up" "$s" "What keeps what alive: x +keeps" 1
t send-keys Home Down o
s=$(wait_for "^ x\['key[0-9]+'\] → list")
check "o shows the selected object's layout in the diagram" "$s" "^ x\['key[0-9]+'\] → list" 1
t send-keys R
wait_for "keeps [0-9,]+ bytes alive in 3 objects" > /dev/null
t send-keys Escape
s=$(wait_for "^ x\['key[0-9]+'\] → list")
check "Esc closes the view" "$s" "What keeps what alive" 0

# a big graph: the count shows and Esc stops it
t send-keys Tab 'big = [[i] for i in range(2_000_000)]' Enter
wait_for ">>> $" > /dev/null
t send-keys ':retained big' Enter Escape
s=$(wait_for "stopped before the end|keeps [0-9,]+ bytes alive")
check "Esc stops a count (or it had finished)" "$s" "stopped before the end|keeps [0-9,]+ bytes alive" 1
t send-keys Escape

# ---- 40x12
start 40 12
t send-keys "$graph" Enter ':retained x' Enter
s=$(wait_for "^ x +[0-9,]+ B")
check "at 40x12 the title keeps the path and the size" "$s" "^ x +[0-9,]+ B" 1
check "at 40x12 the rows keep their size and name" "$s" "\['key[0-9]+'\]  list" 1
t send-keys t
s=$(wait_for " type +objects +footprint +share")
check "at 40x12 the table drops the size column" "$s" "^ dict +1 +[0-9,]+ +[0-9.]+%" 1
t send-keys q
finish
