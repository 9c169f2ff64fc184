#!/bin/sh
# Runs a command with a throwaway, unlocked GNOME Keyring as the Secret Service, so the
# keychain path of Sockscope's SecretStore is tested for real. Start it inside
# dbus-run-session, which gives it a private D-Bus session bus.
set -eu
HOME=$(mktemp -d)
export HOME
trap 'rm -rf "$HOME"' EXIT
eval "$(printf 'test\n' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
"$@"
