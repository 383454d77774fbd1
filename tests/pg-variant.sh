#!/bin/sh
# Runs a test suite against PostgreSQL (ctest's *_pg tests): the servers it
# starts get a database of their own on the test cluster DELTADESK_TEST_PG
# names. Without a cluster the suite is skipped (exit 77) in a local run and
# fails in CI, where scripts/test.sh starts one.
if [ -z "${DELTADESK_TEST_PG:-}" ]; then
  echo "SKIPPED: DELTADESK_TEST_PG is not set; start a test cluster with" >&2
  echo "  eval \"\$(scripts/pg-test-cluster.sh start --no-fsync)\"" >&2
  [ -n "${CI:-}" ] && exit 1
  exit 77
fi
DELTADESK_TEST_STORE=postgres
export DELTADESK_TEST_STORE
exec "$@"
