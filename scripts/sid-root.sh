#!/bin/sh
# sid-root.sh: make (once) a Debian sid root holding CPython 3.13, 3.14 and 3.15 with their -dev
# and testsuite packages and objscope's build dependencies, for `make check-pythons`.
# Usage: scripts/sid-root.sh [--refresh]   prints the root's path on stdout.
#   The root lives in $OBJSCOPE_SID_ROOT, default ${XDG_CACHE_HOME:-~/.cache}/objscope/sid-root,
#   outside the repository. It is made once and reused; --refresh updates its packages.
# Exit status: 0 ready; 2 it cannot be made here (the reason is on stderr; callers skip).
set -eu

root=${OBJSCOPE_SID_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/objscope/sid-root}
mirror=${OBJSCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
refresh=0
[ "${1:-}" = "--refresh" ] && refresh=1

# python3-dev is sid's default CPython (3.14): the default build (`make`) needs it.
PACKAGES="python3-dev python3.13-dev python3.14-dev python3.15-dev \
libpython3.13-testsuite libpython3.14-testsuite libpython3.15-testsuite \
gcc libc6-dev make pkg-config libncurses-dev check libmd4c-dev tmux procps locales-all"

cannot() { echo "sid-root: cannot make the Debian sid root: $*" >&2; exit 2; }

# A sid snapshot's Release file may have passed its Valid-Until date; the packages are still
# signed, so only the freshness check is turned off, inside the root.
write_apt_conf() {
    mkdir -p "$root/etc/apt/apt.conf.d"
    printf 'Acquire::Check-Valid-Until "false";\n' > "$root/etc/apt/apt.conf.d/99objscope-no-valid-until"
}

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

all_present() {
    # shellcheck disable=SC2086
    in_root dpkg-query -W -f='${Status}\n' $PACKAGES 2>/dev/null | grep -vq 'install ok installed' && return 1
    # shellcheck disable=SC2086
    [ "$(in_root dpkg-query -W -f='${Status}\n' $PACKAGES 2>/dev/null | wc -l)" -eq "$(echo $PACKAGES | wc -w)" ]
}

install_packages() {
    write_apt_conf
    in_root apt-get update -qq >&2 || cannot "apt-get update failed inside $root"
    # shellcheck disable=SC2086
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >&2 ||
        cannot "apt-get install failed inside $root"
}

[ "$(id -u)" -eq 0 ] || cannot "it needs root (debootstrap and chroot); run make check-pythons as root"

if [ -x "$root/usr/bin/python3.15" ] && [ -f "$root/.objscope-root-complete" ]; then
    if [ $refresh = 1 ] || ! all_present; then install_packages; fi
    printf '%s\n' "$root"
    exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
    [ -x "$(dirname "$0")/ensure-deps.sh" ] && "$(dirname "$0")/ensure-deps.sh" debootstrap >&2 || true
fi
command -v debootstrap >/dev/null 2>&1 || cannot "no debootstrap, and it could not be installed"

echo "sid-root: making a Debian sid root in $root (once; about 3 minutes)" >&2
rm -rf "$root"
mkdir -p "$root"
include=$(echo $PACKAGES | tr ' ' ',')
debootstrap --variant=minbase --include="$include" sid "$root" "$mirror" >&2 ||
    cannot "debootstrap from $mirror failed (see the lines above)"
write_apt_conf
touch "$root/.objscope-root-complete"
printf '%s\n' "$root"
