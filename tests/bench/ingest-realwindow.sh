#!/bin/sh
# bench_ingest in the shape users have: a real X11 window (Xvfb), a session D-Bus and the
# AT-SPI bus, with a client attached as a screen reader would be (atspi-listener.py).
# Usage: ingest-realwindow.sh BENCH_INGEST [COUNT] [SIZE]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/run"
chmod 700 "$scratch/run"
export XDG_RUNTIME_DIR="$scratch/run" QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1
export NO_AT_BRIDGE=0 QT_QPA_PLATFORM=xcb PYTHONWARNINGS=ignore::DeprecationWarning
exec xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    sleep 1
    /usr/bin/python3 "$0" > "$XDG_RUNTIME_DIR/listener.out" &
    listener=$!
    while ! grep -q LISTENING "$XDG_RUNTIME_DIR/listener.out" 2>/dev/null; do sleep 0.2; done
    "$@"
    status=$?
    kill $listener $launcher 2>/dev/null || true
    exit $status' "$here/atspi-listener.py" "$@"
