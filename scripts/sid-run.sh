#!/bin/sh
# sid-run.sh: run a command in a copy of this working tree inside the Debian sid root
# (scripts/sid-root.sh), through chroot.
# Usage: scripts/sid-run.sh COMMAND...     e.g. scripts/sid-run.sh make check PYTHON=python3.14
#   The copy holds the tracked files and the untracked ones git does not ignore, as they are now
#   (edits not yet committed included); it lives in the root at /build/objscope-ID, one per
#   working tree, and its build/ folder is kept between runs, so builds inside the root are
#   incremental and never mix with the builds outside it.
#   /proc, /dev and /dev/pts (tmux needs a terminal) are mounted into the root for the command,
#   in a private mount namespace when the kernel allows one, and unmounted on every exit.
# Exit status: the command's; 2 when the root cannot be made here (the reason is on stderr).
set -eu
[ $# -gt 0 ] || { echo "usage: scripts/sid-run.sh COMMAND..." >&2; exit 64; }
src=$(cd "$(dirname "$0")/.." && pwd)
root=$("$src/scripts/sid-root.sh") || exit 2

id=$(printf '%s' "$src" | cksum | cut -d ' ' -f 1)
inner=/build/objscope-$id
dest=$root$inner
mkdir -p "$dest"

# One run at a time per working tree: two runs would overwrite each other's copy and builds.
exec 9>"$dest.lock"
if ! flock -w 1800 9; then
    echo "sid-run: another run holds $dest.lock" >&2
    exit 1
fi

# The copy: everything but build/ is replaced, so deleted files go; unchanged files keep their
# times, so make rebuilds only what changed.
find "$dest" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # a tracked file deleted in the working tree is left out, as it would be from a commit
    (cd "$src" && git ls-files -z --cached --others --exclude-standard |
        xargs -0 -r sh -c 'for f; do if [ -e "$f" ] || [ -L "$f" ]; then printf "%s\0" "$f"; fi; done' sh |
        tar --null --no-recursion -T - -cf -) | tar -xpf - -C "$dest"
else
    (cd "$src" && tar --exclude=./build --exclude=./.git -cf - .) | tar -xpf - -C "$dest"
fi

# Shell code run as root, in the namespace that holds the mounts: mount, chroot, unmount.
# The trap covers an interrupted command; a private namespace also drops the mounts if this
# shell is killed outright.
runner='
root=$1; inner=$2; shift 2
mounted=""
unmount() { for m in $mounted; do umount -l "$root/$m" 2>/dev/null || true; done; mounted=""; }
trap "unmount" EXIT
trap "unmount; exit 130" INT
trap "unmount; exit 143" TERM
trap "unmount; exit 129" HUP
for m in proc dev dev/pts; do
    mkdir -p "$root/$m"
    mount --bind "/$m" "$root/$m" || { echo "sid-run: cannot mount /$m into the root" >&2; exit 2; }
    mounted="$m $mounted"
done
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    TERM="${TERM:-xterm-256color}" LANG=C.UTF-8 LC_ALL=C.UTF-8 MAKEFLAGS="$jobs" \
    sh -c "cd \"\$0\" && exec \"\$@\"" "$inner" "$@"
'
# make -jN run outside carries on inside; its jobserver does not reach into the root.
jobs=$(printf '%s\n' "${MAKEFLAGS:-}" | grep -o -- '-j[0-9][0-9]*' | head -n 1)
export jobs
if unshare --mount --propagation private true 2>/dev/null; then
    exec unshare --mount --propagation private sh -c "$runner" sid-run "$root" "$inner" "$@"
fi
exec sh -c "$runner" sid-run "$root" "$inner" "$@"
