#!/usr/bin/env bash
# Installs every build and test dependency of Sockscope on Debian 12 (bookworm).
# Safe to run repeatedly: it does nothing when everything is already present.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

# Build: compiler, CMake, Ninja and Qt 6.4 (Core, Network, WebSockets, Widgets, Svg, Test).
# Run/test: the offscreen and xcb platform plugins, Xvfb for screenshots, a font,
# Node.js/npm for the `ws` peer and Debian's python3-websockets for the python peer.
# Package: what building and checking the .deb needs.
packages=(
    g++ cmake ninja-build pkg-config clang-format
    # The fuzz build (-DSOCKSCOPE_FUZZ=ON): clang with libFuzzer and the sanitizers.
    clang libclang-rt-14-dev
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-svg-dev qtkeychain-qt6-dev
    # The decoders: zlib and zstd (compressed payloads), libprotobuf (protobuf; libprotoc-dev
    # has the headers of its .proto Importer), msgpack-c's C++ headers (MessagePack); the zstd
    # command makes a test's compressed samples; simdjson reads JSON fields for the filter.
    zlib1g-dev libzstd-dev libprotobuf-dev libprotoc-dev libmsgpack-cxx-dev zstd libsimdjson-dev
    qt6-qpa-plugins libqt6svg6 qt6-image-formats-plugins
    libgl-dev libvulkan-dev
    xvfb xauth fonts-dejavu-core
    # The real-window tests: the AT-SPI bus and Debian's Python client of it.
    at-spi2-core python3-pyatspi
    python3 python3-websockets openssl
    # xmllint: the run command's JUnit reports checked against a schema.
    libxml2-utils
    # A throwaway Secret Service for the keychain test: a D-Bus session and GNOME Keyring.
    dbus gnome-keyring
    nodejs
    # Packaging and its checks: dpkg-shlibdeps, file (used by CPack), lintian, validators.
    dpkg-dev file gzip lintian desktop-file-utils appstream
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# Debian's own nodejs ships npm separately; NodeSource's nodejs bundles it.
if ! command -v npm >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# Test peers from npm, pinned by tests/peers/package-lock.json (Debian's node-ws is too old).
peers="$root/tests/peers"
# Installed again whenever the lock changes (a stamp keeps the lock they were installed from).
if ! cmp -s "$peers/package-lock.json" "$peers/node_modules/.sockscope-lock" 2>/dev/null; then
    echo "install-deps: installing npm test peers"
    (cd "$peers" && npm ci --no-audit --no-fund --silent)
    cp "$peers/package-lock.json" "$peers/node_modules/.sockscope-lock"
fi

# Artillery, to run the scripts `sockscope run --export-artillery` writes; kept apart from the
# other peers for its size, and installed without its scripts (its browser download is not
# needed for the ws engine, and cannot reach the network here).
artillery="$peers/artillery"
if ! node -e "process.exit(require('$artillery/node_modules/artillery/package.json').version==='2.0.21'?0:1)" 2>/dev/null; then
    echo "install-deps: installing Artillery for the export test"
    (cd "$artillery" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
