#!/bin/sh
# ensure-deps.sh: find what objscope builds and tests with, and say exactly what is missing.
# Usage: scripts/ensure-deps.sh detect|install build|test|fuzz [PYTHON]
#   detect   look with pkg-config and on PATH (not with dpkg, so any system with the libraries'
#            .pc files works); print what is missing and fail.
#   install  the same, but first install what is missing from Debian's packages when this is a
#            Debian system and we are root or have password-less sudo (apt-get update once).
#   build    a C compiler, pkg-config, ncursesw, md4c, and CPython's embedding flags (with no
#            PYTHON: pkg-config's python3-embed; with PYTHON, scripts/pyconfig.sh asks that
#            interpreter's own sysconfig next, so nothing is required here).
#   test     also Check and tmux; optional, for tests that skip with a reason without them:
#            groff (the man page's text) and chromium (the SVG drawn by a browser).
#   fuzz     also clang and its libFuzzer runtime (`make fuzz`; without them it falls back to a
#            random-input loop built with the C compiler).
# Debian packages: pkg-config python3-dev libncurses-dev check libmd4c-dev tmux groff-base chromium
#                  clang libclang-rt-dev
set -eu
action=${1:-detect} scope=${2:-build} python=${3:-}
cc=${CC:-cc}

has_pc() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1" 2>/dev/null; }
has_cmd() { command -v "$1" >/dev/null 2>&1; }
# clang links a program with -fsanitize=fuzzer (the runtime is a package of its own on Debian)
has_libfuzzer() {
    has_cmd clang || return 1
    out=$(mktemp) || return 1
    echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n; }' |
        clang -x c - -fsanitize=fuzzer -o "$out" >/dev/null 2>&1
    ok=$?
    rm -f "$out"
    return $ok
}

# One line per requirement: "required|optional WHAT DEBIAN-PACKAGE", for those not found.
missing() {
    has_cmd "$cc" || echo "required C-compiler($cc) gcc"
    has_cmd pkg-config || echo "required pkg-config pkg-config"
    has_pc ncursesw || echo "required ncursesw(pkg-config) libncurses-dev"
    has_pc md4c || echo "required md4c(pkg-config) libmd4c-dev"
    if [ -z "$python" ]; then
        has_pc python3-embed || echo "required python3-embed(pkg-config) python3-dev"
    fi
    if [ "$scope" = fuzz ]; then
        has_cmd clang || echo "required clang clang"
        has_libfuzzer || echo "required libFuzzer(clang) libclang-rt-dev"
        return 0
    fi
    [ "$scope" = test ] || return 0
    has_pc check || echo "required check(pkg-config) check"
    has_cmd tmux || echo "required tmux tmux"
    has_cmd groff || echo "optional groff groff-base"
    has_cmd chromium || has_cmd chromium-browser || echo "optional chromium chromium"
}

# Install Debian packages, as root or with sudo; fails quietly where that cannot be done.
apt_install() {
    command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || return 1
    if [ "$(id -u)" -eq 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        as_root="sudo"
    else
        return 1
    fi
    echo "objscope: installing missing Debian packages: $*" >&2
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${updated:-}" ]; then
        $as_root apt-get update -qq >&2 || return 1
        updated=1
    fi
    # shellcheck disable=SC2086
    $as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

found=$(missing)
if [ -n "$found" ] && [ "$action" = install ]; then
    # optional packages may be unavailable (chromium on some machines): each is tried alone
    required=$(printf '%s\n' "$found" | awk '$1 == "required" {print $3}' | tr '\n' ' ')
    optional=$(printf '%s\n' "$found" | awk '$1 == "optional" {print $3}' | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$required" ] || apt_install $required || true
    for p in $optional; do
        apt_install "$p" || echo "objscope: could not install $p (optional)" >&2
    done
    found=$(missing)
fi

required=$(printf '%s\n' "$found" | awk '$1 == "required"')
optional=$(printf '%s\n' "$found" | awk '$1 == "optional"')
if [ -n "$optional" ]; then
    printf '%s\n' "$optional" | while read -r _ what pkg; do
        echo "objscope: $what not found: the tests that need it will be skipped (Debian: $pkg)" >&2
    done
fi
[ -z "$required" ] && exit 0

echo "objscope: missing what objscope needs to $(case $scope in test) echo "build and test" ;; fuzz) echo "build and fuzz" ;; *) echo build ;; esac):" >&2
printf '%s\n' "$required" | while read -r _ what pkg; do
    printf '    %-32s Debian/Ubuntu package: %s\n' "$what" "$pkg" >&2
done
pkgs=$(printf '%s\n' "$required" | awk '{print $3}' | tr '\n' ' ')
if command -v apt-get >/dev/null 2>&1; then
    echo "Install them with:  sudo apt-get install ${pkgs% }   (or: make deps)" >&2
else
    echo "Install their development files (the pkg-config .pc files) with your system's package" >&2
    echo "manager, or set PKG_CONFIG_PATH to where they are." >&2
fi
if [ -z "$python" ] && printf '%s\n' "$required" | grep -q python3-embed; then
    echo "Or build against another CPython: make PYTHON=python3.12 (or a path to its python3)." >&2
fi
exit 1
