#!/usr/bin/env bash
# The whole test suite: installs what is missing (PostgreSQL included), starts a PostgreSQL server on
# 127.0.0.1, builds once, runs the quality gates against ../shared (when present) and then `swift test`.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1

if pg_env=$(scripts/start-postgres.sh); then
  eval "$pg_env"
else
  echo "test: PostgreSQL could not be started; its tests will be skipped" >&2
fi

swift build --build-tests -j "$(nproc)" || exit 1

status=0
python3 scripts/quality_gates.py --bin .build/debug/brandpulse || status=1
# The benchmark suite at a tiny size, so it keeps building and running; no timing is asserted here.
mkdir -p .build/bench
.build/debug/brandpulse-bench --smoke --brandpulse .build/debug/brandpulse --json .build/bench/results-smoke.json \
  > .build/bench-smoke.txt 2>&1 || { cat .build/bench-smoke.txt; status=1; }
echo "benchmark smoke run: $(grep -c '^[a-z]' .build/bench-smoke.txt) figures"
swift test --skip-build --disable-xctest || status=1
exit $status
