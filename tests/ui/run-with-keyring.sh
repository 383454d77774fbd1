#!/bin/sh
# Runs one test against a real Secret Service, as on a desktop: a private
# D-Bus session bus with its own unlocked gnome-keyring. Works as root in a
# container without systemd or a session bus (CI): HOME and the XDG dirs
# point into a fresh temp dir, the keyring's password comes on stdin, and
# both daemons are this script's children, stopped and reaped before it
# returns (dbus-run-session would leave its bus to PID 1, which may not reap
# in a container). Without the tools the suite is skipped (exit 77) in a
# local run and fails in CI, where scripts/install-deps.sh installs them.
#
# usage: run-with-keyring.sh TEST_BINARY [ARGS...]
set -eu
[ $# -ge 1 ] || { echo "usage: $0 TEST_BINARY [ARGS...]" >&2; exit 2; }
for tool in dbus-daemon dbus-send gnome-keyring-daemon timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is missing; run scripts/install-deps.sh" >&2
    [ -n "${CI:-}" ] && exit 1
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deltadesk-keyring.XXXXXX")
bus=""
keyring=""
test=""
# timeout (below) sends KILL 5 s after the TERM, so the daemons' waits are
# bounded; the test itself is the caller's to bound (ctest's TIMEOUT).
stop() {
  for pid in $test $keyring $bus; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP

mkdir -m 700 "$tmp/home" "$tmp/run" "$tmp/data" "$tmp/config" "$tmp/cache"
# Nothing of the caller's session may leak in: a real desktop's bus or
# keyring would be used (and written to) otherwise.
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DELTADESK_TOKEN_STORE
HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/run XDG_DATA_HOME=$tmp/data
XDG_CONFIG_HOME=$tmp/config XDG_CACHE_HOME=$tmp/cache
export HOME XDG_RUNTIME_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME

# The bus prints its address once it listens; reading it through a fifo
# waits exactly that long (an empty read: the bus failed to start).
mkfifo "$tmp/bus-address"
timeout --kill-after=5 900 dbus-daemon --session --nofork --nopidfile --print-address=3 \
  3>"$tmp/bus-address" 2>"$tmp/bus.log" &
bus=$!
read -r DBUS_SESSION_BUS_ADDRESS <"$tmp/bus-address" || true
if [ -z "$DBUS_SESSION_BUS_ADDRESS" ]; then
  echo "run-with-keyring: dbus-daemon did not start:" >&2
  cat "$tmp/bus.log" >&2
  exit 1
fi
export DBUS_SESSION_BUS_ADDRESS

# --foreground keeps the keyring our child, so its pid is known.
printf 'deltadesk-test\n' >"$tmp/password"
timeout --kill-after=5 900 gnome-keyring-daemon --foreground --unlock --components=secrets \
  <"$tmp/password" >"$tmp/keyring.log" 2>&1 &
keyring=$!

# The daemon claims org.freedesktop.secrets once the keyring is unlocked; it
# says so nowhere else. Waiting for that name (at most 10 s) keeps the bus
# from auto-starting a second, locked daemon on the test's first call.
has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'true'
}
tries=0
until has_owner; do
  if ! kill -0 "$keyring" 2>/dev/null || [ "$tries" -ge 200 ]; then
    echo "run-with-keyring: gnome-keyring-daemon did not come up:" >&2
    cat "$tmp/keyring.log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  sleep 0.05
done

DELTADESK_TEST_KEYRING=1
export DELTADESK_TEST_KEYRING
# In the background so that a TERM (ctest's timeout, ^C) is handled at once
# rather than after the test, and stop() ends the test too.
rc=0
"$@" &
test=$!
wait "$test" || rc=$?
test=""
exit "$rc"
