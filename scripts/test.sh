#!/usr/bin/env bash
# The whole suite, as CI runs it: installs the system packages, checks the
# formatting, starts a private PostgreSQL cluster (scripts/pg-test-cluster.sh,
# stopped at the end), builds twice (release with -Werror, then ASan + UBSan)
# and runs every test of both builds with ctest: the server and e2e suites
# once per store (tst_foo on SQLite, tst_foo_pg on PostgreSQL); then builds
# the libFuzzer targets (clang, build/fuzz) and runs each for a 30 s smoke.
# Builds are incremental and cached by ccache, so a second run only
# rebuilds what changed.
#
#   scripts/test.sh              everything
#   scripts/test.sh --no-asan    skip the sanitizer build (quicker local loop)
#   scripts/test.sh --no-fuzz    skip the fuzz smoke
#   scripts/test.sh -R regex     only the tests whose name matches (no fuzz smoke)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

asan=1
fuzz=1
ctest_filter=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-asan) asan=0 ;;
    --no-fuzz) fuzz=0 ;;
    -R) ctest_filter=(-R "$2"); fuzz=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

scripts/install-deps.sh
scripts/check-format.sh

# The *_pg suites' databases live here; without it they are skipped (locally)
# or fail (CI). Both builds run both stores: the PostgreSQL store is new C++
# around libpq buffers and threads, which is what the sanitizers are for.
if cluster=$(scripts/pg-test-cluster.sh start --no-fsync); then
  eval "$cluster"
  trap 'scripts/pg-test-cluster.sh stop "$DELTADESK_TEST_PG_DIR"' EXIT
  echo "== PostgreSQL test cluster: $DELTADESK_TEST_PG"
else
  echo "test.sh: could not start a PostgreSQL test cluster" >&2
  [ -z "${CI:-}" ] || exit 1
fi

# ccache keys on paths relative to the checkout, so a fresh clone elsewhere
# (as CI makes) still hits what an earlier build of the same sources cached.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
ccache --max-size=8G >/dev/null
jobs=$(nproc)

build_and_test() { # dir, then cmake options
  local dir=$1; shift
  echo "== configure $dir"
  cmake -S . -B "$dir" -G Ninja -DDELTADESK_WERROR=ON "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" --parallel "$jobs"
  echo "== test $dir"
  # Most tests wait on sockets and child processes, not the CPU: run more
  # at once than there are cores.
  ctest --test-dir "$dir" --output-on-failure --parallel $((jobs * 2)) \
        --timeout 300 "${ctest_filter[@]}"
}

status=0
build_and_test build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo || status=1
if [ "$asan" = 1 ]; then
  build_and_test build/asan -DCMAKE_BUILD_TYPE=Debug -DDELTADESK_SANITIZE=ON \
                 -DDELTADESK_BUILD_BENCH=OFF || status=1
fi
if [ "$fuzz" = 1 ]; then
  # Each target 30 s on a copy of its seed corpus; a crash fails the run.
  fuzz_started=$(date +%s)
  scripts/fuzz.sh --smoke all 30 || status=1
  echo "== fuzz smoke took $(($(date +%s) - fuzz_started)) s"
fi
if [ -x scripts/check-packages.sh ]; then
  scripts/check-packages.sh build/release || status=1
fi
ccache --show-stats 2>/dev/null | grep -E 'Hits|Misses' | head -n 2 || true
exit $status
