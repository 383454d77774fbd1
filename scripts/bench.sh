#!/usr/bin/env bash
# Runs every benchmark in bench/ and prints its figures beside the raw limits
# each one measures in the same run. Benchmarks never pass or fail on time.
#
#   scripts/bench.sh               all of them, full size (about half an hour:
#                                  bench-server-soak alone runs 10 minutes)
#   scripts/bench.sh --quick       small sizes, seconds
#   scripts/bench.sh server-delta  only the ones whose name contains the word
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

quick=()
only=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) only="$arg" ;;
  esac
done

scripts/install-deps.sh >/dev/null
build=build/release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDELTADESK_WERROR=ON >/dev/null
cmake --build "$build" --parallel "$(nproc)" >/dev/null

# bench-server-postgres runs on a private, durable PostgreSQL cluster
# (fsync on, as a deployment would), stopped at the end.
if [ -z "$only" ] || [[ bench-server-postgres == *"$only"* ]]; then
  eval "$(scripts/pg-test-cluster.sh start)"
  trap 'scripts/pg-test-cluster.sh stop "$DELTADESK_TEST_PG_DIR"' EXIT
fi

# The GUI benchmarks draw offscreen; no display is needed.
export QT_QPA_PLATFORM=offscreen
for bench in "$build"/bench/bench-*; do
  [ -x "$bench" ] && [ -f "$bench" ] || continue
  name=$(basename "$bench")
  [ -z "$only" ] || [[ "$name" == *"$only"* ]] || continue
  echo "=== $name"
  if [ "$name" = bench-rawlimits ]; then "$bench"; else "$bench" "${quick[@]}"; fi
  echo
done
