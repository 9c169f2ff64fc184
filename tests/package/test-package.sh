#!/usr/bin/env bash
# Builds the .deb and .tar.gz with CPack from the build tree and checks them as a user would
# get them: control fields, file list, lintian, the desktop entry and AppStream metainfo; then
# installs the .deb with apt-get (root only, as on CI's throwaway machine), runs the installed
# program, and removes it again; and runs the program from the unpacked .tar.gz.
# Usage: test-package.sh BUILD_DIR VERSION PEERS_DIR
set -euo pipefail

build_dir=$1
version=$2
peers_dir=$3
work=$(mktemp -d)
installed=0
cleanup() {
    if [ "$installed" = 1 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq sockscope >/dev/null 2>&1 || true
    fi
    [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
failures=0
passes=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "PASS: $*"; passes=$((passes + 1)); }

echo "== cpack"
cpack --config "$build_dir/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1 || {
    cat "$work/cpack.log"
    exit 1
}
deb=$(ls "$work"/sockscope_*.deb)
tgz=$(ls "$work"/sockscope-*.tar.gz)

echo "== control fields"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = sockscope ] && pass "Package" || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] && pass "Version $version" || fail "Version is '$(field Version)'"
for f in Maintainer Section Homepage Description; do
    [ -n "$(field $f)" ] && pass "$f: $(field $f | head -1)" || fail "no $f field"
done
depends=$(field Depends)
echo "Depends: $depends"
# Qt, and the decoders' libraries (computed by dpkg-shlibdeps from what the binary links).
for lib in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6websockets6 qt6-qpa-plugins \
    libprotobuf libzstd1 libsimdjson; do
    [[ "$depends" == *"$lib"* ]] && pass "depends on $lib" || fail "does not depend on $lib"
done

echo "== file list"
dpkg-deb -c "$deb" | awk '{print $6}' >"$work/files"
for path in ./usr/bin/sockscope \
    ./usr/share/applications/io.github.sockscope.Sockscope.desktop \
    ./usr/share/metainfo/io.github.sockscope.Sockscope.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.sockscope.Sockscope.svg \
    ./usr/share/man/man1/sockscope.1.gz \
    ./usr/share/doc/sockscope/copyright \
    ./usr/share/sockscope/examples/devtools-trading.har \
    ./usr/share/sockscope/examples/rules-example.json \
    ./usr/share/sockscope/examples/scenario-demo.sockscope.json; do
    grep -qx "$path" "$work/files" && pass "ships $path" || fail "missing $path"
done

echo "== lintian"
if lintian --fail-on error --display-level ">=warning" "$deb" >"$work/lintian.log" 2>&1; then
    pass "lintian: no errors"
else
    fail "lintian errors"
fi
grep -v "running with root privileges" "$work/lintian.log" || true

echo "== desktop entry and metainfo"
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/io.github.sockscope.Sockscope.desktop" \
    && pass "desktop-file-validate" || fail "desktop-file-validate"
appstreamcli validate --no-net \
    "$work/root/usr/share/metainfo/io.github.sockscope.Sockscope.metainfo.xml" \
    && pass "appstreamcli validate" || fail "appstreamcli validate"
grep -q "<release version=\"$version\"" \
    "$work/root/usr/share/metainfo/io.github.sockscope.Sockscope.metainfo.xml" \
    && pass "metainfo release $version" || fail "metainfo has no release $version"

grep -q "<project_license>MIT</project_license>" \
    "$work/root/usr/share/metainfo/io.github.sockscope.Sockscope.metainfo.xml" \
    && pass "metainfo licence MIT" || fail "metainfo licence is not MIT"
grep -q "^License: Expat" "$work/root/usr/share/doc/sockscope/copyright" \
    && grep -q "Permission is hereby granted" "$work/root/usr/share/doc/sockscope/copyright" \
    && pass "copyright: MIT (Expat) with its text" || fail "copyright is not MIT"

echo "== .tar.gz"
mkdir "$work/prefix"
tar -xzf "$tgz" -C "$work/prefix" --strip-components=1
out=$("$work/prefix/bin/sockscope" --version)
[ "$out" = "sockscope $version" ] && pass "tar.gz: $out" || fail "tar.gz --version printed '$out'"

echo "== install the .deb"
if [ "$(id -u)" != 0 ]; then
    echo "SKIP: installing the .deb needs root (CI runs as root)"
else
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || {
        cat "$work/apt.log"
        fail "apt-get install"
    }
    installed=1
    out=$(/usr/bin/sockscope --version)
    [ "$out" = "sockscope $version" ] && pass "installed: $out" || fail "installed --version printed '$out'"
    /usr/bin/sockscope serve --port 0 >"$work/serve.out" 2>&1 &
    serve_pid=$!
    for _ in $(seq 50); do
        grep -q "^listening on" "$work/serve.out" && break
        sleep 0.1
    done
    url=$(sed -n 's/^listening on //p' "$work/serve.out")
    if [ -n "$url" ] && (cd "$peers_dir" && node ws-client.js "$url") >"$work/client.out" 2>&1 \
        && grep -q '"event":"message","binary":false,"base64":"aGVsbG8gZnJvbSB3cw=="' "$work/client.out"; then
        pass "installed sockscope serve echoed a ws client ($url)"
    else
        cat "$work/serve.out" "$work/client.out"
        fail "installed sockscope serve did not echo"
    fi
    kill -TERM "$serve_pid" && wait "$serve_pid" && pass "serve exited 0 on SIGTERM" || fail "serve exit"
    serve_pid=
    # The installed example runs on its own: its scenario starts the session's mock server.
    if /usr/bin/sockscope run /usr/share/sockscope/examples/scenario-demo.sockscope.json \
        >"$work/run.out" 2>&1; then
        pass "installed sockscope run passed the example scenario"
    else
        cat "$work/run.out"
        fail "installed sockscope run on the example scenario"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq sockscope >/dev/null 2>&1 \
        && pass "removed" || fail "apt-get remove"
    installed=0
    [ ! -e /usr/bin/sockscope ] && pass "/usr/bin/sockscope gone" || fail "/usr/bin/sockscope left behind"
fi

echo "$passes passed, $failures failed"
[ "$failures" = 0 ]
