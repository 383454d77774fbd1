#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ (clang-14, ASan + UBSan, in
# build/fuzz) and runs them.
#
#   scripts/fuzz.sh build                    configure and build only
#   scripts/fuzz.sh TARGET|all [seconds]     run long (default 3600 s each):
#       the corpus grows in build/fuzz/corpus/TARGET (seeded from
#       tests/fuzz/corpus/TARGET), crashes land in build/fuzz/artifacts/TARGET
#   scripts/fuzz.sh --smoke TARGET|all [seconds]
#                                            CI: each target for 30 s on a
#       throw-away copy of its seed corpus (the repository is not written)
#
# Exits non-zero when a target crashes, leaks, times out or fails a check.
# TARGET is one of: fuzz_sseparser fuzz_request fuzz_eventbody
# fuzz_protocolparse fuzz_cachestore (the fuzz_ prefix may be left out).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
all_targets=(fuzz_sseparser fuzz_request fuzz_eventbody fuzz_protocolparse fuzz_cachestore)
build=build/fuzz

smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
what=${1:-}
case "$what" in
  ""|-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
esac
seconds=${2:-$([ "$smoke" = 1 ] && echo 30 || echo 3600)}

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
echo "== configure $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDELTADESK_WERROR=ON \
      -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      -DDELTADESK_FUZZ=ON -DDELTADESK_BUILD_BENCH=OFF >/dev/null
echo "== build $build"
cmake --build "$build" --parallel "$(nproc)" --target "${all_targets[@]}"
[ "$what" = build ] && exit 0

if [ "$what" = all ]; then
  targets=("${all_targets[@]}")
else
  targets=("fuzz_${what#fuzz_}")
fi

# Leaks are bugs too, but Qt's and SQLite's process-lifetime allocations
# (and the fixtures made once per process) are not: tests/lsan.supp.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_LOGGING_RULES=${QT_LOGGING_RULES:-"*.debug=false;*.info=false;*.warning=false"}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for target in "${targets[@]}"; do
  seeds=tests/fuzz/corpus/$target
  [ -x "$build/tests/fuzz/$target" ] && [ -d "$seeds" ] || {
    echo "fuzz.sh: no target $target" >&2; exit 2; }
  if [ "$smoke" = 1 ]; then
    corpus=$tmp/$target/corpus
    artifacts=$tmp/$target/artifacts
  else
    corpus=$build/corpus/$target
    artifacts=$build/artifacts/$target
  fi
  mkdir -p "$corpus" "$artifacts"
  cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
  log=$tmp/$target.log
  echo "== $target for ${seconds}s"
  if "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1; then
    # The last status line (execs, cov, ft) and the final figures.
    grep -E '^#[0-9]+' "$log" | tail -n 1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
  else
    status=1
    echo "fuzz.sh: $target FAILED; crashing input in $artifacts" >&2
    tail -n 60 "$log" >&2
    if [ "$smoke" = 1 ] && [ -n "${CI:-}" ]; then
      mkdir -p "$build/artifacts/$target" && cp "$artifacts"/* "$build/artifacts/$target/" 2>/dev/null || true
    fi
  fi
done
exit $status
