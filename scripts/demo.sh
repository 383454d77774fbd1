#!/usr/bin/env bash
# DeltaDesk in one command: installs what the build needs, builds (sharing
# build/release with scripts/test.sh), starts a server with demo data and live
# demo edits on a free port, and opens the desktop app logged in as "manager".
# Closing the app stops the server. Without a display, or with --headless, it
# follows the live changes with deltadesk-sync and prints one JSON line per
# applied batch instead. Ctrl+C stops everything.
#
#   scripts/demo.sh [--headless] [--seconds N] [--data-dir DIR]
#                   [--writes-per-minute N] [--no-build]
#
#   --headless             no desktop app: print the changes as they arrive
#   --seconds N            stop after N seconds (both modes)
#   --data-dir DIR         keep the server's data in DIR (default: a temporary
#                          directory, removed at exit)
#   --writes-per-minute N  rate of the demo edits (default 30)
#   --no-build             use the programs already in build/release
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

headless=0
seconds=""
data_dir=""
writes_per_minute=30
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) headless=1 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift ;;
    --writes-per-minute) writes_per_minute=${2:?--writes-per-minute needs a number}; shift ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for number in "$seconds" "$writes_per_minute"; do
  [[ -z "$number" || "$number" =~ ^[0-9]+$ ]] || { echo "demo.sh: not a number: $number" >&2; exit 2; }
done
if [ "$headless" = 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "demo.sh: no display (DISPLAY and WAYLAND_DISPLAY are unset): following the changes in the terminal"
  headless=1
fi
say() { echo "demo.sh: $*"; }

# Build exactly as scripts/test.sh configures build/release, so both share it.
build_dir=build/release
if [ "$build" = 1 ]; then
  scripts/install-deps.sh
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/deltadesk-ccache}"
  say "configuring $build_dir"
  cmake -S . -B "$build_dir" -G Ninja -DDELTADESK_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  targets=(deltadesk-server)
  if [ "$headless" = 1 ]; then targets+=(deltadesk-sync); else targets+=(deltadesk); fi
  say "building ${targets[*]} (the first build takes a few minutes)"
  cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"
fi

# Where the build put the programs (written by packaging/CMakeLists.txt).
program_path() {
  local path
  path=$(sed -n "s/^$1=//p" "$build_dir/packaging/programs.txt" 2>/dev/null)
  if [ -z "$path" ] || [ ! -x "$path" ]; then
    echo "demo.sh: $1 is not built in $build_dir" >&2
    exit 1
  fi
  echo "$path"
}
server_bin=$(program_path deltadesk-server)
if [ "$headless" = 1 ]; then client_bin=$(program_path deltadesk-sync); else client_bin=$(program_path deltadesk); fi

# Everything the demo writes lives in one private directory.
umask 077
work=$(mktemp -d "${TMPDIR:-/tmp}/deltadesk-demo.XXXXXX")
if [ -z "$data_dir" ]; then
  data_dir=$work/server
fi
mkdir -p "$data_dir" "$work/client"

server_pid=""
client_pid=""
# shellcheck disable=SC2317 # called from the traps
stop_process() { # pid: SIGTERM, then SIGKILL if it is still there after 10 s
  local pid=$1 tries=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
    sleep 0.1
    tries=$((tries + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
# shellcheck disable=SC2317 # called from the traps
cleanup() {
  trap - EXIT INT TERM HUP
  trap '' PIPE # writes to a closed stdout fail instead of killing the shell
  set +e # a failing echo (closed stdout) must not skip the rest
  [ -n "$client_pid" ] && stop_process "$client_pid"
  if [ -n "$server_pid" ]; then
    say "stopping the server"
    stop_process "$server_pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# Ctrl+C or a kill: the trap stops the children, then the script ends.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE # stdout closed, e.g. piped into head

# The server, on a free port. It prints "listening on http://..." when ready.
: >"$work/server.out" # exists before the poll below reads it
"$server_bin" --data-dir "$data_dir" --listen 127.0.0.1:0 --demo \
  --demo-writes-per-minute "$writes_per_minute" >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
url=""
for _ in $(seq 300); do # up to 30 s
  url=$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/server.out" | head -n 1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "demo.sh: the server did not start; its log:" >&2
  cat "$work/server.out" "$work/server.log" >&2
  exit 1
fi

printf 'manager\n' >"$work/manager.password"
cat <<EOF

  DeltaDesk demo server: $url
  data: $data_dir   server log: $work/server.log
  accounts (user / password):
    admin   / admin     everything
    manager / manager   may edit events
    staff   / staff     read only
  demo edits: $writes_per_minute a minute

EOF

client_args=(--server "$url" --state-dir "$work/client" --user manager --password-file "$work/manager.password")
if [ "$headless" = 1 ]; then
  follow_args=(follow)
  [ -n "$seconds" ] && follow_args+=(--seconds "$seconds")
  say "following the changes as manager${seconds:+ for $seconds s}; Ctrl+C stops"
  "$client_bin" "${client_args[@]}" "${follow_args[@]}" &
else
  say "opening the desktop app as manager; closing it stops the server"
  # The demo token goes to the throwaway state dir, not the user's keychain.
  client_args+=(--token-store file)
  if [ -n "$seconds" ]; then
    timeout "$seconds" "$client_bin" "${client_args[@]}" &
  else
    "$client_bin" "${client_args[@]}" &
  fi
fi
client_pid=$!
# wait, unlike a foreground child, returns at once when a signal arrives.
status=0
wait "$client_pid" || status=$?
client_pid=""
# timeout's "time is up" is a normal end of a bounded demo.
if [ -n "$seconds" ] && [ "$status" = 124 ]; then status=0; fi
exit "$status"
