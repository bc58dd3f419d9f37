#!/usr/bin/env bash
# tests/e2e/install.sh MAKE PREFIX — `make install` into a scratch DESTDIR, the installed copy
# used from another folder as a user would (lessons, themes, the manual, completion), then
# `make uninstall`, which must leave no file behind. MAKE is the make to call (with the
# caller's PYTHON/SANITIZE in its environment).
set -u
make_cmd=$1 prefix=$2
. "$(dirname "$0")/lib.sh"
tree=$(pwd)
dest="$work/dest"
bin="$dest$prefix/bin/objscope"

out=$($make_cmd --no-print-directory install DESTDIR="$dest" 2>&1)
check "make install succeeds" "$?" "^0$" 1
check "it says how many files it installed" "$out" "installed [0-9]+ files under" 1
check "the binary is installed" "$(ls -l "$bin" 2>&1)" "^-rwxr-xr-x" 1
check "the man page is installed" "$(ls "$dest$prefix/share/man/man1/objscope.1" 2>&1)" "objscope\.1$" 1
check "the bash completion is installed" \
    "$(ls "$dest$prefix/share/bash-completion/completions/objscope" 2>&1)" "completions/objscope$" 1
check "the lessons are installed" "$(ls "$dest$prefix/share/objscope/lessons" | grep -c '^[0-9].*\.md$')" "^10$" 1
check "the themes are installed" "$(ls "$dest$prefix/share/objscope/assets/themes")" "high-contrast\.theme" 1
check "the docs are installed" "$(ls "$dest$prefix/share/objscope/docs")" "json-schema\.md" 1
check "the demo scripts are installed" "$(ls "$dest$prefix/share/objscope/assets/demos" | grep -c '^0[1-8]-.*\.py$')" "^8$" 1

# the installed binary, run from elsewhere, finds its data under its own prefix
cd "$work"
s=$("$bin" --list-lessons 2>&1)
check "the installed copy lists the installed lessons" "$s" "^10  10-capstone " 1
check "...from its prefix, not the source tree" "$(printf '%s' "$s" | grep -c 'cannot')" "^0$" 1
s=$("$bin" --dump '[1, 2, 3]' 2>&1)
check "the installed copy draws a diagram" "$s" "= sys\.getsizeof +88" 1
s=$("$bin" --theme high-contrast --svg '[1, 2, 3]' 2>&1)
check "the installed copy finds the installed themes for --svg" "$s" "not found" 0
check "...and draws in the theme's colours (header: white on blue)" "$s" 'fill="#3465a4"' 1
# a lesson by name, from the installed lessons: the explorer opens on it
mkdir -p "$work/elsewhere" && cd "$work/elsewhere"
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --lesson slots\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 120 40 "bash $work/run.sh"
s=$(wait_for "__slots__")
check "the installed copy opens an installed lesson" "$s" "__slots__" 1
t send-keys F10
# the teacher's day: an installed demo in presenter mode at 80x24, stepped, its picture exported
s=$("$bin" --list-demos 2>&1)
check "the installed copy lists the installed demos" "$s" "^ 4  04-aliasing +Aliasing" 1
printf 'export LC_ALL=C.UTF-8 TERM=xterm-256color\n%q --present --demo aliasing\nsleep 30\n' "$bin" > "$work/run.sh"
new_terminal 80 24 "bash $work/run.sh"
wait_for "^ 0/10" > /dev/null
t send-keys Space
wait_for "^>>> a = \[1, 2, 3\]" > /dev/null
t send-keys Space
s=$(wait_for "│ b ")
check "the installed copy steps through an installed demo, aliasing in the picture" "$s" "│ b +●├─+┘" 1
t send-keys ":export $work/elsewhere/aliasing.svg" Enter
s=$(wait_for "wrote the references picture")
check "...and exports the picture" "$s" "wrote the references picture to" 1
check "...as an SVG" "$(head -n 2 "$work/elsewhere/aliasing.svg")" "^<svg xmlns" 1
t send-keys F10
cd "$tree"

# the manual reads as a manual, and the completion offers the options and themes
if command -v groff >/dev/null 2>&1; then
    s=$(groff -man -Tutf8 -P-c -rLL=120n "$dest$prefix/share/man/man1/objscope.1" 2>&1 | sed 's/.\x08//g')
    check "the man page renders" "$s" "^NAME" 1
    check "...with the installed paths" "$s" "$prefix/share/objscope/lessons/" 1
else
    echo "note: man page rendering skipped: groff is not installed"
fi
comp="$dest$prefix/share/bash-completion/completions/objscope"
s=$(bash -c ". '$comp'; COMP_WORDS=(objscope --th); COMP_CWORD=1; _objscope; echo \"\${COMPREPLY[*]}\"" 2>&1)
check "completion offers --theme" "$s" "^--theme$" 1
s=$(bash -c ". '$comp'; COMP_WORDS=(objscope --theme ''); COMP_CWORD=2; _objscope; echo \"\${COMPREPLY[*]}\"" 2>&1)
check "completion offers the theme names" "$s" "dark.*light|light.*dark" 1
s=$(bash -c ". '$comp'; COMP_WORDS=('$bin' --lesson sl); COMP_CWORD=2; _objscope; echo \"\${COMPREPLY[*]}\"" 2>&1)
check "completion offers lesson names" "$s" "^slots$" 1
s=$(bash -c ". '$comp'; COMP_WORDS=('$bin' --demo al); COMP_CWORD=2; _objscope; echo \"\${COMPREPLY[*]}\"" 2>&1)
check "completion offers demo names" "$s" "^aliasing$" 1

# A build for another CPython installed beside it (what `make install PYTHON=python3.X` runs),
# seen by --across, then uninstalled alone: the default build and the shared data stay.
built=$(dirname "$($make_cmd -s --no-print-directory print-bin)")
own=$("$bin" --version | sed -n 's/.*CPython \(3\.[0-9]*\).*/\1/p')
second="" version="" other=""
for d in "$tree"/build "$tree"/build/python3.*; do
    v=$(sed -n 's/^PY_VERSION := //p' "$d/config.mk" 2>/dev/null)
    if [ -x "$d/objscope" ] && [ -n "$v" ] && [ "$v" != "$own" ]; then
        second=$d/objscope version=$v other=yes
        break
    fi
done
if [ -z "$second" ]; then
    # a label no real build has: when this build was itself installed as objscope-$own (make
    # check PYTHON=python3.X), the copy must not take its name
    echo "note: no build for another CPython in build/ (make PYTHON=python3.12 makes one): the side-by-side install uses this build as objscope-3.99, and --across through it is not checked"
    cp "$bin" "$work/objscope-copy"
    second=$work/objscope-copy version=3.99
fi
before=$(cksum < "$bin")
first_bins=$(ls "$dest$prefix/bin")
out=$(scripts/install.sh install "$dest" "$prefix" "$second" "$built/objscope.1" "$built/objscope.bash" "$version" 2>&1)
check "a second build installs beside the first" "$(ls -l "$dest$prefix/bin/objscope-$version" 2>&1)" "^-rwxr-xr-x" 1
check "...leaving the default objscope as it was" "$(cksum < "$bin")" "^$before\$" 1
check "...with a list of its own" "$(ls "$dest$prefix/share/objscope")" "installed-files-$version" 1
if [ -n "$other" ]; then
    s=$(cd "$work" && "$bin" --across '{}' 2>&1)
    check "the installed objscope --across runs both installed builds" "$s" "^\{\} in 2 objscope builds" 1
    check "...its own CPython and the other's" "$s" "^  $own\.[0-9]+ .*dict\$" 1
    check "...the other's" "$s" "^  $version\.[0-9]+ .*dict\$" 1
fi
out=$(scripts/install.sh uninstall "$dest" "$prefix" "$version" 2>&1)
check "uninstalling the second build removes its binary" "$(ls "$dest$prefix/bin")" "^objscope-$version\$" 0
check "...and leaves the first build's as they were" "$(ls "$dest$prefix/bin" | tr '\n' ' ')" \
    "^$(printf '%s\n' "$first_bins" | tr '\n' ' ')\$" 1
check "...and keeps what the default build uses" "$out" "kept [0-9]+ that another installed build uses" 1
check "...so the default still runs with its lessons" "$("$bin" --list-lessons 2>&1)" "^10  10-capstone " 1

# Installed first, a versioned build also becomes `objscope`; its uninstall removes both.
dest2=$work/dest2
scripts/install.sh install "$dest2" "$prefix" "$second" "$built/objscope.1" "$built/objscope.bash" "$version" >/dev/null 2>&1
check "a versioned build installed alone is also objscope" "$(ls "$dest2$prefix/bin" | tr '\n' ' ')" "^objscope objscope-$version \$" 1
scripts/install.sh uninstall "$dest2" "$prefix" "$version" >/dev/null 2>&1
left=$(find "$dest2" \( -type f -o -type l \) 2>/dev/null)
check "...and its uninstall leaves no file behind" "${left:-none}" "^none$" 1

out=$($make_cmd --no-print-directory uninstall DESTDIR="$dest" 2>&1)
check "make uninstall succeeds" "$?" "^0$" 1
left=$(find "$dest" \( -type f -o -type l \) 2>/dev/null)
check "uninstall leaves no file behind" "${left:-none}" "^none$" 1
check "...nor objscope's share folder" "$(ls -d "$dest$prefix/share/objscope" 2>&1)" "No such file" 1
out=$($make_cmd --no-print-directory uninstall DESTDIR="$dest" 2>&1)
check "uninstalling twice is harmless" "$out" "nothing to uninstall" 1
finish
