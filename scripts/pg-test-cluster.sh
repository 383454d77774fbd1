#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for tests and benchmarks: a fresh data
# directory in a temporary folder, listening on 127.0.0.1 on a free port,
# trusting local connections of its superuser "postgres". Nothing uses the
# system's PostgreSQL service. Run as root (CI), the cluster runs as the
# "postgres" user, because initdb refuses root.
#
#   eval "$(scripts/pg-test-cluster.sh start [--no-fsync])"
#       starts one and prints DELTADESK_TEST_PG (an admin URL, database
#       "postgres") and DELTADESK_TEST_PG_DIR as shell assignments;
#       --no-fsync trades durability for speed (tests, not benchmarks)
#   scripts/pg-test-cluster.sh stop [DIR]
#       stops the cluster in DIR (default $DELTADESK_TEST_PG_DIR), removes DIR
#   scripts/pg-test-cluster.sh pause|resume [DIR]
#       stops / starts it again, keeping its data (tests of a database
#       that goes away while servers run)
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() { # run a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    tries=$((tries + 1))
  done
  echo "pg-test-cluster: no free port found" >&2
  return 1
}

start() {
  local fsync=on
  [ "${1:-}" = "--no-fsync" ] && fsync=off
  [ -x "$bin/initdb" ] || { echo "pg-test-cluster: $bin/initdb missing; run scripts/install-deps.sh" >&2; exit 2; }
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/deltadesk-pg.XXXXXX")
  chmod 0755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
fsync = $fsync
synchronous_commit = $fsync
full_page_writes = $fsync
CONF
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
      echo "DELTADESK_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres"
      echo "DELTADESK_TEST_PG_DIR=$dir"
      echo "export DELTADESK_TEST_PG DELTADESK_TEST_PG_DIR"
      return 0
    fi
    echo "pg-test-cluster: port $port taken? attempt $attempt failed" >&2
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir=${1:-${DELTADESK_TEST_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-test-cluster: no cluster in '${dir}'" >&2; exit 2; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

pause_resume() {
  local action=$1 dir=${2:-${DELTADESK_TEST_PG_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-test-cluster: no cluster in '${dir}'" >&2; exit 2; }
  if [ "$action" = pause ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  else
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  pause|resume) pause_resume "$@" ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
