#!/bin/sh
# gen-man.sh: make objscope's manual from its template and the binary's own tables.
# Usage: scripts/gen-man.sh BIN TEMPLATE DATADIR > objscope.1
# The KEYS and COMMANDS sections come from `BIN --help-keys` (the tables the help screen and
# --help are drawn from); @VERSION@ is objscope's version, @DATADIR@ the installed share folder.
set -eu
bin=$1 template=$2 datadir=$3

tables=$("$bin" --help-keys)
version=$("$bin" --version | sed -n 's/^objscope \([^ ]*\).*/\1/p')
[ -n "$tables" ] && [ -n "$version" ] || { echo "gen-man: $bin gave no tables or version" >&2; exit 1; }

# Text goes to troff with backslashes as \e and a leading . or ' guarded.
printf '%s\n' "$tables" | awk -F '\t' -v template="$template" -v version="$version" -v datadir="$datadir" '
function esc(s) {
    gsub(/\\/, "\\e", s)
    if (s ~ /^[.'"'"']/) s = "\\&" s
    return s
}
# Keys next to each other that do the same (Left and Ctrl-B) share one entry.
function flush_key() {
    if (kname != "") keys = keys ".TP 18\n.B \"" esc(kname) "\"\n" esc(khelp) "\n"
    kname = ""
}
$1 == "keymap"  { flush_key(); keys = keys ".SS " esc($2) "\n"; if ($3 != "") keys = keys esc($3) "\n"; next }
$1 == "key" && kname != "" && $3 == khelp { kname = kname ", " $2; next }
$1 == "key"     { flush_key(); kname = $2; khelp = $3; next }
$1 == "command" { cmds = cmds ".TP 18\n.B \"" esc($2) "\"\n" esc($3) "\n"; next }
{ print "gen-man: unknown line: " $0 > "/dev/stderr"; failed = 1 }
END {
    flush_key()
    if (failed || keys == "" || cmds == "") exit 1
    while ((getline line < template) > 0) {
        if (line == "@KEYS@") { printf ".PD 0\n%s.PD\n", keys; continue }
        if (line == "@COMMANDS@") { printf ".PD 0\n%s.PD\n", cmds; continue }
        gsub(/@VERSION@/, version, line)
        gsub(/@DATADIR@/, datadir, line)
        print line
    }
}'
