#!/bin/sh
# Screenshots for the README (the wire view; a lab tab with REALWINDOW_SCRIPT=screenshots-lab.py,
# a scenario tab mid-run with screenshots-scenario.py): the real sockscope on Xvfb, driven through
# AT-SPI (screenshots.py), in the setting of the real-window tests.
# Usage: screenshots.sh SOCKSCOPE_BINARY PEERS_DIR OUT.png WxH [dark]
# with QT_SCALE_FACTOR in the environment for a scaled one.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
REALWINDOW_SCRIPT="${REALWINDOW_SCRIPT:-screenshots.py}" REALWINDOW_SCREEN="$4" \
    exec sh "$here/run-realwindow.sh" "$1" "$2" "$3" "${5:-light}"
