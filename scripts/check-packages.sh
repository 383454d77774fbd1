#!/usr/bin/env bash
# Builds the Debian packages of a configured build tree and checks them the way
# a user would meet them:
#   - cpack makes deltadesk_*.deb and deltadesk-server_*.deb;
#   - lintian finds no errors (warnings are printed, not fatal);
#   - each package holds the files it must (programs, desktop entry, icons,
#     metainfo, man pages, systemd unit, conffile, copyright, changelog) and
#     declares the Qt libraries it links to;
#   - extracted into a scratch root (dpkg -x, no root needed), every program
#     starts and prints its version with only the system's libraries, and the
#     desktop entry and the AppStream metainfo validate.
# A program whose target the tree does not have yet is skipped with a message;
# once it exists, every check on it is fatal.
#
#   scripts/check-packages.sh BUILD_DIR
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build_dir=$(cd "$1" && pwd)
[ -f "$build_dir/CMakeCache.txt" ] || { echo "check-packages: $build_dir is not a configured build dir" >&2; exit 2; }

failures=0
fail() { echo "check-packages: FAIL: $*" >&2; failures=$((failures + 1)); }
note() { echo "check-packages: $*"; }

for tool in cpack lintian dpkg-deb dpkg-shlibdeps appstreamcli desktop-file-validate; do
  command -v "$tool" >/dev/null || { echo "check-packages: $tool missing, run scripts/install-deps.sh" >&2; exit 2; }
done

# Only what the packages hold, not the whole tree (tests, benchmarks).
note "building the package inputs in $build_dir"
cmake --build "$build_dir" --target deltadesk_package_inputs >/dev/null

# The programs this tree builds, one "name=path" a line (packaging/CMakeLists.txt).
declare -A built=()
while IFS='=' read -r name path; do
  [ -n "$name" ] && built[$name]=$path
done <"$build_dir/packaging/programs.txt"
for program in deltadesk deltadesk-sync deltadesk-server; do
  [ -n "${built[$program]:-}" ] || note "skip $program: no such target in this tree yet"
done

package_dir=$build_dir/packages
rm -rf "$package_dir"
note "cpack"
(cd "$build_dir" && cpack -G DEB >"$build_dir/cpack.log" 2>&1) || { cat "$build_dir/cpack.log" >&2; fail "cpack"; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/deltadesk-packages.XXXXXX")
smoke_pid=""
trap '[ -z "$smoke_pid" ] || kill -TERM "$smoke_pid" 2>/dev/null; rm -rf "$scratch"' EXIT

# check_package PACKAGE COMPONENT_PROGRAMS... -- EXPECTED_FILES...
check_package() {
  local package=$1; shift
  local programs=() expected=()
  while [ "$1" != "--" ]; do programs+=("$1"); shift; done
  shift
  expected=("$@")

  local debs=("$package_dir/${package}"_*.deb)
  if [ ! -f "${debs[0]}" ]; then fail "$package: no package built"; return; fi
  local deb=${debs[0]}
  note "== $(basename "$deb")"
  dpkg-deb --field "$deb" Package Version Depends Recommends | sed 's/^/  /'

  # lintian: errors fail, warnings are shown.
  local lint
  local lint_status=0
  lint=$(lintian --fail-on error "$deb" 2>&1) || lint_status=$?
  lint=$(grep -v 'running with root privileges' <<<"$lint" || true)
  [ "$lint_status" = 0 ] || fail "$package: lintian errors"
  if [ -n "$lint" ]; then echo "$lint" | sed 's/^/  lintian: /'; else note "  lintian: clean"; fi

  # Contents.
  local contents
  contents=$(dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's#^\./#/#')
  local file
  for program in "${programs[@]}"; do
    [ -n "${built[$program]:-}" ] && expected+=("/usr/bin/$program")
  done
  for file in "${expected[@]}"; do
    grep -qxF "$file" <<<"$contents" || fail "$package: $file missing from the package"
  done
  note "  $(grep -vc '/$' <<<"$contents") files, ${#expected[@]} expected ones present"

  # Unpacked into a scratch root: every program starts from there.
  local root=$scratch/$package
  dpkg-deb --extract "$deb" "$root"
  local depends upstream_version
  depends=$(dpkg-deb --field "$deb" Depends)
  upstream_version=$(dpkg-deb --field "$deb" Version | sed 's/-[^-]*$//')
  for program in "${programs[@]}"; do
    [ -n "${built[$program]:-}" ] || continue
    local binary=$root/usr/bin/$program
    if ldd "$binary" | grep -q 'not found'; then
      fail "$package: $program needs a library no package provides: $(ldd "$binary" | grep 'not found' | tr -s ' \t' ' ')"
    fi
    if ldd "$binary" | grep -q 'libQt6Core'; then
      grep -q 'libqt6core6' <<<"$depends" || fail "$package: links QtCore but does not depend on libqt6core6"
    fi
    local output="" errors=$scratch/$program.stderr
    if output=$(cd "$scratch" && QT_QPA_PLATFORM=offscreen timeout 20 "$binary" --version 2>"$errors"); then
      if grep -qF "$upstream_version" <<<"$output"; then
        note "  $program --version: $(head -n 1 <<<"$output")"
      else
        fail "$package: '$program --version' printed '$output', not version $upstream_version"
      fi
    else
      fail "$package: '$program --version' failed: $output $(cat "$errors")"
    fi
  done
}

icons=()
for size in 16 22 24 32 48 64 128 256; do
  icons+=("/usr/share/icons/hicolor/${size}x${size}/apps/deltadesk.png")
done
check_package deltadesk deltadesk deltadesk-sync -- \
  /usr/share/applications/app.deltadesk.DeltaDesk.desktop \
  /usr/share/metainfo/app.deltadesk.DeltaDesk.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/deltadesk.svg "${icons[@]}" \
  /usr/share/man/man1/deltadesk.1.gz /usr/share/man/man1/deltadesk-sync.1.gz \
  /usr/share/doc/deltadesk/copyright /usr/share/doc/deltadesk/changelog.Debian.gz

check_package deltadesk-server deltadesk-server -- \
  /lib/systemd/system/deltadesk-server.service /lib/systemd/system/deltadesk-server@.service \
  /usr/share/doc/deltadesk-server/examples/nginx-deltadesk.conf /etc/default/deltadesk-server \
  /usr/share/man/man8/deltadesk-server.8.gz \
  /usr/share/doc/deltadesk-server/copyright /usr/share/doc/deltadesk-server/changelog.Debian.gz

# The desktop package's Qt plugins are not linked, so shlibdeps cannot see them.
desktop_deb=$(ls "$package_dir"/deltadesk_*.deb 2>/dev/null | head -n 1 || true)
if [ -n "$desktop_deb" ]; then
  for dep in libqt6sql6-sqlite qt6-qpa-plugins; do
    dpkg-deb --field "$desktop_deb" Depends | grep -q "$dep" || fail "deltadesk: does not depend on $dep"
  done
fi

# Desktop integration files, as installed.
root=$scratch/deltadesk
if [ -d "$root" ]; then
  if desktop-file-validate "$root/usr/share/applications/app.deltadesk.DeltaDesk.desktop"; then
    note "desktop-file-validate: ok"
  else
    fail "desktop-file-validate"
  fi
  if appstreamcli validate --no-net "$root/usr/share/metainfo/app.deltadesk.DeltaDesk.metainfo.xml" \
       >"$scratch/appstream.log" 2>&1; then
    note "appstreamcli validate: $(tail -n 1 "$scratch/appstream.log")"
  else
    cat "$scratch/appstream.log" >&2
    fail "appstreamcli validate"
  fi
fi

# The service: conffile declared, hardening in place.
server_deb=$(ls "$package_dir"/deltadesk-server_*.deb 2>/dev/null | head -n 1 || true)
if [ -n "$server_deb" ]; then
  dpkg-deb --ctrl-tarfile "$server_deb" | tar -xO ./conffiles 2>/dev/null | grep -qx /etc/default/deltadesk-server \
    || fail "deltadesk-server: /etc/default/deltadesk-server is not a conffile"
  unit=$scratch/deltadesk-server/lib/systemd/system/deltadesk-server.service
  for key in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
             StateDirectory=deltadesk-server EnvironmentFile=-/etc/default/deltadesk-server; do
    grep -qx "$key" "$unit" 2>/dev/null || fail "deltadesk-server.service: no $key"
  done
  # The template for several instances on a shared PostgreSQL: the same
  # sandbox, the instance name is the port.
  template=$scratch/deltadesk-server/lib/systemd/system/deltadesk-server@.service
  for key in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes NoNewPrivileges=yes \
             EnvironmentFile=-/etc/default/deltadesk-server LoadCredential=pgpass:/etc/deltadesk-server/pgpass; do
    grep -qx "$key" "$template" 2>/dev/null || fail "deltadesk-server@.service: no $key"
  done
  grep -q -- '--listen 127.0.0.1:%i' "$template" || fail "deltadesk-server@.service: the instance is not the port"
  # The example nginx site passes the stream through unbuffered and waits
  # longer than a heartbeat; nginx itself finds it well-formed.
  site=$scratch/deltadesk-server/usr/share/doc/deltadesk-server/examples/nginx-deltadesk.conf
  grep -q 'proxy_buffering off;' "$site" || fail "nginx-deltadesk.conf: the stream is buffered"
  grep -q 'proxy_read_timeout 90s;' "$site" || fail "nginx-deltadesk.conf: no read timeout above the heartbeat"
  if command -v nginx >/dev/null; then
    mkdir -p "$scratch/nginx"
    # Without TLS (no certificate here); everything else as shipped.
    sed '/ssl_certificate/d; s/ ssl http2;/;/' "$site" >"$scratch/nginx/site.conf"
    printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\ninclude %s;\n}\n' \
      "$scratch/nginx" "$scratch/nginx" "$scratch/nginx/site.conf" >"$scratch/nginx/nginx.conf"
    if nginx -t -q -e "$scratch/nginx/error.log" -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" >"$scratch/nginx/test.log" 2>&1; then
      note "nginx -t: the example site is valid"
    else
      cat "$scratch/nginx/test.log" >&2; fail "nginx-deltadesk.conf: nginx -t"
    fi
  fi
  # systemd's own rating of the sandbox: 0 (locked down) .. 10 (exposed).
  if command -v systemd-analyze >/dev/null; then
    for checked in "$unit" "$template"; do
      if systemd-analyze security --offline=yes --threshold=20 --root="$scratch/deltadesk-server" \
           "$checked" >"$scratch/security.log" 2>&1; then
        note "systemd-analyze security $(basename "$checked"): $(grep -o 'Overall exposure level.*' "$scratch/security.log")"
      else
        cat "$scratch/security.log" >&2
        fail "$(basename "$checked"): systemd rates its exposure above 2.0"
      fi
    done
  else
    note "skip systemd-analyze security: systemd is not installed"
  fi
fi

# The installed programs work together: an account made with "user add", the
# server started from the package, and deltadesk-sync syncing as that user.
smoke_test() {
  local server=$scratch/deltadesk-server/usr/bin/deltadesk-server
  local sync=$scratch/deltadesk/usr/bin/deltadesk-sync
  local data=$scratch/smoke-data out=$scratch/smoke-server.out
  mkdir -p "$data"
  (umask 077; printf 'probe-password\n' >"$scratch/smoke-password")
  if ! printf 'probe-password\n' | "$server" user add probe --role staff --data-dir "$data" >"$scratch/smoke-add.log" 2>&1; then
    cat "$scratch/smoke-add.log" >&2; fail "deltadesk-server user add"; return
  fi
  : >"$out"
  "$server" --data-dir "$data" --listen 127.0.0.1:0 >"$out" 2>"$scratch/smoke-server.log" &
  smoke_pid=$!
  local pid=$smoke_pid url="" tries=0
  while [ -z "$url" ] && [ $tries -lt 200 ] && kill -0 "$pid" 2>/dev/null; do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$out" || true)
    [ -n "$url" ] || sleep 0.1
    tries=$((tries + 1))
  done
  if [ -z "$url" ]; then
    cat "$out" "$scratch/smoke-server.log" >&2; fail "the packaged server did not start"
  elif (cd "$scratch" && timeout 60 "$sync" --server "$url" --state-dir "$scratch/smoke-client" --user probe \
          --password-file "$scratch/smoke-password" sync >"$scratch/smoke-sync.log" 2>&1); then
    note "packaged server + deltadesk-sync: account made with 'user add' logs in and syncs ($url)"
  else
    cat "$scratch/smoke-sync.log" >&2; fail "packaged deltadesk-sync could not sync from the packaged server"
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  smoke_pid=""
}
if [ -n "${built[deltadesk-server]:-}" ] && [ -n "${built[deltadesk-sync]:-}" ]; then
  smoke_test
else
  note "skip the smoke test: it needs deltadesk-server and deltadesk-sync"
fi

# The dependencies resolve against the Debian archive as on a fresh machine:
# apt simulates the install with an empty list of installed packages, so it
# has to find every library (Qt runtime included) in the archive. Needs apt's
# package lists, which a fresh container may not have yet.
if compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
  : >"$scratch/empty-dpkg-status"
  for deb in "$package_dir"/*.deb; do
    if apt-get install --simulate --no-install-recommends -o Dir::State::status="$scratch/empty-dpkg-status" \
         "$deb" >"$scratch/apt.log" 2>&1; then
      note "apt-get install $(basename "$deb") on an empty system: resolves, $(grep -c '^Inst' "$scratch/apt.log") packages" \
           "($(grep -o '^Inst libqt6[a-z0-9-]*' "$scratch/apt.log" | cut -c6- | tr '\n' ' '))"
    else
      cat "$scratch/apt.log" >&2
      fail "$(basename "$deb"): apt cannot resolve its dependencies"
    fi
  done
else
  note "skip the apt dependency check: no apt package lists (apt-get update)"
fi

if [ "$failures" -gt 0 ]; then
  echo "check-packages: $failures failure(s)" >&2
  exit 1
fi
note "all checks passed; packages in $package_dir"
