#!/usr/bin/env bash
# Installs every Debian 12 package the build, tests, benchmarks, demo and
# packaging need, and the npm packages a test pins (package-lock.json).
# Idempotent: what is already present is skipped, so a second run costs one
# dpkg query and no network.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache clang-format pkg-config git
  # the fuzz targets (scripts/fuzz.sh): clang with libFuzzer
  clang-14 libfuzzer-14-dev
  # Qt 6.4 (Debian 12): core, network, sql, widgets, test, charts, keychain
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-charts-dev
  qtkeychain-qt6-dev qt6-l10n-tools qt6-tools-dev-tools libgl-dev
  libqt6opengl6-dev libxkbcommon-dev libvulkan-dev
  # translations: Qt6LinguistTools for qt_add_translations, and Qt's own
  # catalogues (qtbase_de.qm, ...) the app loads beside its own
  qt6-tools-dev qt6-translations-l10n
  # server: Boost.Beast/Asio (header-only), SQLite C API, zlib, libpq
  libboost-dev libsqlite3-dev zlib1g-dev libpq-dev
  # several servers: PostgreSQL 15 (private clusters: scripts/pg-test-cluster.sh)
  # and nginx in front (tests start their own processes; no system service is used)
  postgresql-15 nginx
  # tests and demo: a display for the GUI, command-line HTTP tools
  xvfb xauth curl jq procps
  # the keychain suite (tests/ui/run-with-keyring.sh): a session bus and a
  # Secret Service of its own, secret-tool to look at the keychain directly
  dbus-daemon dbus-bin gnome-keyring libsecret-tools
  # operating the server: promtool checks /metrics (package prometheus; the
  # daemon is not enabled by the tests), the OpenAPI test validates bodies
  prometheus python3-jsonschema python3-yaml
  # the OpenAPI test's npm package (the official OpenAPI 3.1 JSON Schema)
  nodejs
  # packaging checks
  dpkg-dev fakeroot lintian appstream desktop-file-utils file
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Debian's nodejs comes without npm (package npm); another build of nodejs
# may bring its own.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# npm packages, pinned by their package-lock.json, into a git-ignored
# node_modules beside it: installed again only when the lock changed.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for dir in tests/server/openapi; do
  stamp="$root/$dir/node_modules/.deltadesk-lock"
  if cmp -s "$root/$dir/package-lock.json" "$stamp"; then
    echo "install-deps: npm packages of $dir present"
    continue
  fi
  echo "install-deps: npm ci in $dir"
  (cd "$root/$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$root/$dir/package-lock.json" "$stamp"
done
