#!/usr/bin/env bash
# tests/e2e/deps.sh BIN — what the build does about missing libraries: plain `make` (detect)
# names each missing one with its Debian package and installs nothing; `make deps` (install)
# asks apt-get for it; a library found by pkg-config counts whatever dpkg says. A fake
# pkg-config hides md4c, a fake apt-get records its calls, a fake dpkg-query knows nothing.
set -u
. "$(dirname "$0")/lib.sh"
tree=$(pwd)
fake="$work/fake-bin"
mkdir -p "$fake"
real_pc=$(command -v pkg-config)
cat > "$fake/pkg-config" <<SH
#!/bin/sh
[ "\$1" = --exists ] && [ "\$2" = "\${HIDE_PC:-}" ] && exit 1
exec "$real_pc" "\$@"
SH
cat > "$fake/apt-get" <<SH
#!/bin/sh
echo "apt-get \$*" >> "$work/apt-calls"
SH
printf '#!/bin/sh\nexit 1\n' > "$fake/dpkg-query"
chmod +x "$fake"/*
# make as a person runs it, without the PYTHON=, SANITIZE= or -j of the `make check` running this
plain_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u PYTHON -u SANITIZE make "$@"; }

out=$(cd "$tree" && PATH="$fake:$PATH" HIDE_PC=md4c plain_make --no-print-directory find-deps 2>&1; echo "status $?")
check "plain make stops when md4c is missing" "$out" "status [1-9]" 1
check "...and names it, with its Debian package" "$out" "md4c\(pkg-config\) +Debian/Ubuntu package: libmd4c-dev" 1
check "...and says how to install it" "$out" "sudo apt-get install libmd4c-dev +\(or: make deps\)" 1
check "...without installing anything" "$(cat "$work/apt-calls" 2>/dev/null)" "." 0

out=$(cd "$tree" && PATH="$fake:$PATH" HIDE_PC=python3-embed plain_make --no-print-directory find-deps 2>&1)
check "a missing python3-embed points to PYTHON=" "$out" "make PYTHON=python3\.12" 1
out=$(cd "$tree" && PATH="$fake:$PATH" HIDE_PC=python3-embed scripts/ensure-deps.sh detect build python3 2>&1; echo "status $?")
check "with PYTHON= the interpreter's sysconfig is asked instead of pkg-config" "$out" "^status 0$" 1

out=$(cd "$tree" && PATH="$fake:$PATH" HIDE_PC=md4c plain_make --no-print-directory deps 2>&1; echo "status $?")
check "make deps asks apt-get for the missing package" "$(cat "$work/apt-calls" 2>/dev/null)" "install .*libmd4c-dev" 1
check "...and still fails when it did not come" "$out" "status [1-9]" 1

out=$(cd "$tree" && PATH="$fake:$PATH" plain_make --no-print-directory find-deps 2>&1; echo "status $?")
check "with every library found by pkg-config, dpkg's silence does not matter" "$out" "^status 0$" 1
finish
