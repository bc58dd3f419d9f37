# lib.sh — helpers for the tmux-driven end-to-end tests (sourced by tests/e2e/*.sh).
# Each test script gets a private tmux server, a private HOME/XDG folders, and check().
base="objscope-e2e-$$-$RANDOM"
sock="$base-0"
sessions=0
work=$(mktemp -d)
passed=0 failed=0
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" HOME="$work/home"
mkdir -p "$HOME"
t() { tmux -u -L "$sock" "$@"; }
# A fresh tmux server for each terminal: reusing a socket races with the old server's exit.
new_terminal() { # new_terminal COLS ROWS COMMAND
    t kill-server 2>/dev/null
    sessions=$((sessions + 1))
    sock="$base-$sessions"
    t new-session -d -x "$1" -y "$2" "$3"
}
# tmux leaves a socket file behind for each server: remove this run's.
cleanup() {
    t kill-server 2>/dev/null
    rm -rf "$work"
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$base-"*
}
trap cleanup EXIT

# What the object header looks like in the CPython the binary embeds: 3.14 split the 8-byte
# ob_refcnt into a 32-bit ob_refcnt, ob_overflow and ob_flags (four rows instead of two).
py_minor=$([ -n "${bin:-}" ] && "$bin" --version | sed -n 's/.*CPython 3\.\([0-9][0-9]*\).*/\1/p')
if [ "${py_minor:-0}" -ge 14 ]; then refcnt_ctype=uint32_t header_rows=4
else refcnt_ctype=Py_ssize_t header_rows=2; fi

check() { # name, text, extended regex, 1 = must match / 0 = must not
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then got=1; else got=0; fi
    if [ "$got" = "$4" ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "e2e FAIL: $1 (pattern '$3', expected match=$4)"
        printf '%s\n' "$2" | head -40
    fi
}

# Wait until the screen matches a pattern and no evaluation is still running (or give up after
# ~10 s, generous for a loaded machine); prints the screen. Waiting for "running..." to clear
# keeps a check from reading a diagram drawn before the result it expects.
wait_for() {
    local pattern=$1 screen busy="running\.\.\. Ctrl-C interrupts"
    case $pattern in *running*) busy='^$never^' ;; esac
    for _ in $(seq 1 100); do
        screen=$(t capture-pane -p 2>/dev/null)
        if printf '%s\n' "$screen" | grep -Eq -- "$pattern" &&
            ! printf '%s\n' "$screen" | grep -Eq -- "$busy"; then
            break
        fi
        sleep 0.1
    done
    printf '%s\n' "$screen"
}

# Wait (up to ~5 s) until a file exists and is not empty; prints it.
wait_file() {
    for _ in $(seq 1 50); do
        [ -s "$1" ] && break
        sleep 0.1
    done
    cat "$1" 2>/dev/null
}

finish() {
    echo "e2e $(basename "$0" .sh) - $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# ---- SVG pictures ----
# facts NAME: one "key value" line per fact about the SVG file NAME, from xml.etree
facts() {
    "${OBJSCOPE_PYTHON:-python3}" - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
print("root", root.tag == ns + "svg")
print("width", root.get("width"))
print("height", root.get("height"))
texts = root.findall(ns + "text")
print("lines", len(texts))
print("text", " ".join("".join(t.itertext()) for t in texts))
print("ascii", all(ord(c) < 128 for t in texts for c in "".join(t.itertext())))
PY
}
fact() { printf '%s\n' "$2" | sed -n "s/^$1 //p"; }

# Headless Chromium, to see an SVG drawn (empty when it is not installed).
chromium=$(command -v chromium || command -v chromium-browser || true)
shoot() { # shoot SVG W H PNG
    timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/chromium-profile" --hide-scrollbars --window-size="$2,$3" \
        --screenshot="$4" "file://$1" > "$work/chromium.log" 2>&1
}
# pixels PNG COLOURS...: "W H SHARE-NOT-BACKGROUND DISTINCT" and a count per #rrggbb colour
pixels() {
    "${OBJSCOPE_PYTHON:-python3}" - "$@" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
for y in range(h):
    start = y * (stride + 1)
    f, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1:
            line[i] = (line[i] + a) & 255
        elif f == 2:
            line[i] = (line[i] + b) & 255
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
px = [tuple(r[x * bpp:x * bpp + 3]) for r in rows for x in range(w)]
bg = px[0]
print(w, h, round(sum(p != bg for p in px) / len(px), 4), len(set(px)))
for want in sys.argv[2:]:
    rgb = tuple(int(want[i:i + 2], 16) for i in (1, 3, 5))
    print(want, sum(p == rgb for p in px))
PY
}

