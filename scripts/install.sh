#!/bin/sh
# install.sh: install or uninstall objscope (called by `make install` / `make uninstall`).
# Usage: scripts/install.sh install DESTDIR PREFIX BIN MAN COMPLETION [VERSION]
#        scripts/install.sh uninstall DESTDIR PREFIX [VERSION]
# Installs the binary, the man page, the bash completion, and under PREFIX/share/objscope the
# data folders as they sit in the source tree (lessons/, assets/themes/, assets/demos/, docs/),
# and writes the list of every file it installed to PREFIX/share/objscope/installed-files.
# With VERSION (3.12: `make install PYTHON=python3.12`) the binary is bin/objscope-3.12, beside
# the default build's bin/objscope, and the list is installed-files-3.12; bin/objscope is then
# installed too only when there is none yet, so `objscope` always runs something.
# Uninstall (with the same VERSION, or none) follows its own list: it removes the files on it
# that no other build's list names (the data they share stays while one of them is installed),
# the list, and then objscope's own folders when they are empty; folders it shares with other
# programs (bin, man1, ...) stay.
set -eu
action=$1 destdir=$2 prefix=$3
share=$prefix/share/objscope
case $action in install) version=${7:-} ;; *) version=${4:-} ;; esac
manifest=$share/installed-files${version:+-$version}

# The data files, as paths in the source tree (and so under share/objscope).
data_files() {
    for f in lessons/*.md assets/themes/*.theme assets/themes/README.md docs/*.md README.md; do
        [ -f "$f" ] && printf '%s\n' "$f"
    done
    [ -d assets/demos ] && find assets/demos -type f | LC_ALL=C sort
    return 0
}

put() { # put MODE SOURCE TARGET: install one file and list it
    install -d "$destdir$(dirname "$3")"
    install -m "$1" "$2" "$destdir$3"
    printf '%s\n' "$3" >> "$list"
}

case $action in
install)
    bin=$4 man=$5 completion=$6
    list=$(mktemp)
    trap 'rm -f "$list"' EXIT
    if [ -n "$version" ]; then
        put 755 "$bin" "$prefix/bin/objscope-$version"
        [ -e "$destdir$prefix/bin/objscope" ] || put 755 "$bin" "$prefix/bin/objscope"
    else
        put 755 "$bin" "$prefix/bin/objscope"
    fi
    put 644 "$man" "$prefix/share/man/man1/objscope.1"
    put 644 "$completion" "$prefix/share/bash-completion/completions/objscope"
    data_files | while IFS= read -r f; do
        case $f in README.md) target=$share/docs/README.md ;; *) target=$share/$f ;; esac
        put 644 "$f" "$target"
    done
    printf '%s\n' "$manifest" >> "$list"
    install -m 644 "$list" "$destdir$manifest"
    echo "objscope: installed $(wc -l < "$list") files under $destdir$prefix"
    ;;
uninstall)
    if [ ! -f "$destdir$manifest" ]; then
        echo "objscope: nothing to uninstall: no $destdir$manifest" >&2
        exit 0
    fi
    others=$(find "$destdir$share" -maxdepth 1 -name 'installed-files*' ! -path "$destdir$manifest")
    n=0 kept=0
    while IFS= read -r f; do
        case $f in "$prefix"/*) ;; *) echo "objscope: not removing $f (outside $prefix)" >&2; continue ;; esac
        [ "$f" = "$manifest" ] && continue
        # shellcheck disable=SC2086 # the other lists' paths have no blanks
        if [ -n "$others" ] && grep -qxF -- "$f" $others; then kept=$((kept + 1)); continue; fi
        rm -f "$destdir$f" && n=$((n + 1))
    done < "$destdir$manifest"
    rm -f "$destdir$manifest"
    # objscope's own folders, deepest first, where nothing else was put
    if [ -d "$destdir$share" ]; then
        find "$destdir$share" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    fi
    echo "objscope: removed $((n + 1)) files from $destdir$prefix${others:+ (kept $kept that another installed build uses)}"
    ;;
*)
    echo "usage: $0 install DESTDIR PREFIX BIN MAN COMPLETION [VERSION] | uninstall DESTDIR PREFIX [VERSION]" >&2
    exit 2
    ;;
esac
