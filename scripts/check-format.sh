#!/usr/bin/env bash
# Fails when a tracked C++ file is not as clang-format would write it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find . -name '*.cpp' -o -name '*.h' | grep -v '^./build')
[ -n "$files" ] || exit 0
# --Werror gives the verdict in the exit status; a pipe into `grep -q` would
# not (grep quits early, clang-format dies of SIGPIPE and pipefail hides it).
bad=$(for f in $files; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
if [ -n "$bad" ]; then
  echo "check-format: not clang-formatted (run clang-format -i on them):" >&2
  echo "$bad" | sed 's/^/  /' >&2
  exit 1
fi
echo "check-format: $(echo "$files" | wc -w) files formatted"
