#!/bin/sh
# The real-window layer: starts the real sockscope under Xvfb, with a session D-Bus and the
# AT-SPI bus, and drives it by accessible names as a screen reader would (tst_realwindow.py).
# Usage: run-realwindow.sh SOCKSCOPE_BINARY PEERS_DIR [MORE ARGUMENTS]
# REALWINDOW_SCRIPT runs another script of this folder in the same setting (screenshots.py),
# on a screen of REALWINDOW_SCREEN (1920x1080 unless set).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run" "$scratch/fb"
chmod 700 "$scratch/run"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/home/.config"
export XDG_DATA_HOME="$scratch/home/.local/share" SOCKSCOPE_NO_KEYCHAIN=1
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 NO_AT_BRIDGE=0
export PYTHONWARNINGS=ignore::DeprecationWarning # pyatspi calls older AT-SPI API
# Xvfb keeps its screen in this folder as an XWD file: the tests read colours off it.
export SOCKSCOPE_FBDIR="$scratch/fb"
unset QT_QPA_PLATFORM
export PYTHONPATH="$here"
exec xvfb-run -a -s "-screen 0 ${REALWINDOW_SCREEN:-1920x1080}x24 -fbdir $SOCKSCOPE_FBDIR" dbus-run-session -- sh -c '
    /usr/libexec/at-spi-bus-launcher --launch-immediately &
    launcher=$!
    sleep 1
    /usr/bin/python3 "$0" "$@"
    status=$?
    kill $launcher 2>/dev/null || true
    exit $status' "$here/${REALWINDOW_SCRIPT:-tst_realwindow.py}" "$@"
