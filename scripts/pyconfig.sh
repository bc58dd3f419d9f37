#!/bin/sh
# pyconfig.sh: tell the Makefile how to build against one CPython.
# Usage: scripts/pyconfig.sh [SPEC]
#   no SPEC     the Debian python3-embed found by pkg-config (the default build)
#   SPEC        python3.X on PATH, a path to an interpreter, or a pyenv-installed 3.X
# Prints make assignments (PY_EXE, PY_VERSION, PY_CFLAGS, PY_LIBS) on stdout. Stops, before
# anything is compiled, with a message naming what objscope supports when the interpreter is
# not one of them: the versions are those with a table in src/layout/facts/ (py3XX.h).
set -eu
spec=${1:-}
here=$(cd "$(dirname "$0")" && pwd)
supported=$(cd "$here/../src/layout/facts" && ls py3*.h | sed 's/^py3\([0-9]*\)\.h$/3.\1/' | sort -t. -k2 -n | tr '\n' ' ')

# Is exe a build objscope can draw: a supported version, 64-bit, the default (GIL) object
# header? (The free-threaded header, Py_GIL_DISABLED, has other fields.) Works on any Python.
check_supported() {
    "$1" - $supported <<'PY'
import sys, sysconfig
v = "%d.%d" % sys.version_info[:2]
ok = sys.argv[1:]
name = "%s (CPython %s)" % (sys.executable, v)
var = sysconfig.get_config_var
if v not in ok:
    sys.exit("pyconfig: %s is not supported: objscope supports CPython %s to %s "
             "(64-bit default builds). Pick one with make PYTHON=python3.X." % (name, ok[0], ok[-1]))
if var("Py_GIL_DISABLED"):
    sys.exit("pyconfig: %s is a free-threaded build (Py_GIL_DISABLED), whose object header "
             "(ob_tid, ob_mutex, ob_ref_local, ...) objscope does not draw yet: use a default "
             "(GIL) build of CPython %s to %s." % (name, ok[0], ok[-1]))
if var("Py_TRACE_REFS") or var("SIZEOF_VOID_P") != 8:
    sys.exit("pyconfig: %s is not a 64-bit default build (Py_TRACE_REFS or 32-bit): "
             "objscope supports 64-bit default builds only." % name)
PY
}

runs() { "$1" -c 'import sys' >/dev/null 2>&1; }

# A pyenv shim for a version that is not selected fails to run; look in pyenv's own tree.
from_pyenv() {
    command -v pyenv >/dev/null 2>&1 || return 1
    want=$(printf '%s' "$1" | sed -n 's/^python\(3\.[0-9][0-9]*\)$/\1/p')
    [ -n "$want" ] || return 1
    root=$(pyenv root)
    best=$(ls -d "$root"/versions/"$want".* 2>/dev/null | grep -E "/$want\.[0-9]+$" | sort -V | tail -n 1)
    [ -n "$best" ] && [ -x "$best/bin/$1" ] || return 1
    printf '%s\n' "$best/bin/$1"
}

if [ -z "$spec" ]; then
    ver=$(pkg-config --modversion python3-embed)
    prefix=$(pkg-config --variable=exec_prefix python3-embed)
    exe="$prefix/bin/python$ver"
    [ -x "$exe" ] || exe="$prefix/bin/python3"
    check_supported "$exe"
    echo "PY_EXE := $exe"
    echo "PY_VERSION := $ver"
    echo "PY_CFLAGS := $(pkg-config --cflags python3-embed)"
    echo "PY_LIBS := $(pkg-config --libs python3-embed)"
    exit 0
fi

exe=""
if command -v "$spec" >/dev/null 2>&1 && runs "$(command -v "$spec")"; then
    exe=$(command -v "$spec")
elif [ -x "$spec" ] && runs "$spec"; then
    exe=$spec
else
    exe=$(from_pyenv "$spec") || { echo "pyconfig: no runnable interpreter for PYTHON=$spec" >&2; exit 1; }
fi
exe=$("$exe" -c 'import sys; print(sys.executable)')
check_supported "$exe"
"$exe" - <<'PY'
import sys, sysconfig
v = sysconfig.get_config_var
if not v("Py_ENABLE_SHARED"):
    sys.exit("pyconfig: %s has no shared libpython (build it with --enable-shared)" % sys.executable)
ver = "%d.%d" % sys.version_info[:2]
libdir = v("LIBDIR")
print("PY_EXE :=", sys.executable)
print("PY_VERSION :=", ver)
print("PY_CFLAGS := -I%s" % v("INCLUDEPY"))
print("PY_LIBS := -L%s -Wl,-rpath,%s -lpython%s" % (libdir, libdir, v("LDVERSION")))
PY
