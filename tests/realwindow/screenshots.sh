#!/bin/sh
# Screenshots of the wire view for the README: the real sockscope on Xvfb, driven through
# AT-SPI (screenshots.py). Usage: screenshots.sh SOCKSCOPE_BINARY PEERS_DIR OUT.png WxH [dark]
# with QT_SCALE_FACTOR in the environment for a scaled one.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run"
chmod 700 "$scratch/run"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_DATA_HOME="$scratch/home/.local/share" SOCKSCOPE_NO_KEYCHAIN=1
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 NO_AT_BRIDGE=0
export PYTHONWARNINGS=ignore::DeprecationWarning PYTHONPATH="$here"
unset QT_QPA_PLATFORM
size="$4"
exec xvfb-run -a -s "-screen 0 ${size}x24" dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    sleep 1
    /usr/bin/python3 "$0" "$@"
    status=$?
    kill $launcher 2>/dev/null || true
    exit $status' "$here/screenshots.py" "$1" "$2" "$3" "${5:-light}"
