#!/usr/bin/env bash
# Builds BrandPulse in release mode and runs the benchmark suite, then the peers side by side:
# VADER (scoring) and feedparser / xmllint / json.loads (parsing), through ../shared/tools/perf.
#   scripts/bench.sh                 full run (the figures in BENCHMARKS.md)
#   scripts/bench.sh --smoke         every figure at a tiny size, no bars asserted (CI)
#   scripts/bench.sh --only parse    any brandpulse-bench arguments are passed through
# Results: .build/bench/results.json (suite), .build/bench/peers-*.txt (peers), and a ratio summary.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
smoke=0
for a in "$@"; do if [[ "$a" == "--smoke" ]]; then smoke=1; fi; done

# System packages: the build's (libcurl, libxml2, SQLite headers) and xmllint for the parse ratios.
scripts/setup.sh
if ! command -v xmllint >/dev/null 2>&1; then
  echo "bench: installing libxml2-utils for xmllint" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null \
    || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null; } \
    || echo "bench: could not install libxml2-utils; the xmllint ratios will be skipped" >&2
fi

swift build -c release --static-swift-stdlib -j "$(nproc)" --product brandpulse
swift build -c release --static-swift-stdlib -j "$(nproc)" --product brandpulse-bench
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
mkdir -p .build/bench

json=.build/bench/results.json
if [[ $smoke == 1 ]]; then json=.build/bench/results-smoke.json; fi
"$bin/brandpulse-bench" --json "$json" --brandpulse "$bin/brandpulse" "$@" | tee .build/bench/suite.txt

shared=../shared/tools/perf
if [[ ! -d $shared ]]; then
  echo "bench: ../shared not found; peers (VADER, feedparser) skipped" >&2
  exit 0
fi
if [[ $smoke == 1 ]]; then
  n=500; items=200; reps=1; slow=1
else
  n=20000; items=10000; reps=7; slow=3
fi

python3 -m pip install --quiet vaderSentiment feedparser >/dev/null 2>&1 \
  || echo "bench: pip install vaderSentiment feedparser failed; the peers that need them are skipped" >&2

score_ratio=""
if python3 -c 'import vaderSentiment' 2>/dev/null; then
  if python3 "$shared/score_peers.py" --n "$n" --reps "$reps" \
      --cmd "$bin/brandpulse score --input {input} --format jsonl" | tee .build/bench/peers-score.txt; then
    score_ratio=$(grep '^ratio=' .build/bench/peers-score.txt | tail -1 || true)
  else
    echo "bench: score_peers.py failed" >&2
  fi
else
  echo "bench: vaderSentiment not importable; scoring peer skipped" >&2
fi

parse_ok=0
if python3 "$shared/parse_peers.py" --items "$items" --reps "$reps" --slow-reps "$slow" --dir "$root/.build/bench-feeds" \
    --cmd "$bin/brandpulse parse {file} --format json" --json .build/bench/peers-parse.json | tee .build/bench/peers-parse.txt; then
  parse_ok=1
else
  echo "bench: parse_peers.py failed" >&2
fi

echo
echo "== ratios (project vs peers) =="
if [[ -n $score_ratio ]]; then echo "score: project/VADER posts/s: ${score_ratio}  (higher is better)"; fi
if [[ $parse_ok == 1 ]]; then
  python3 - .build/bench/peers-parse.json <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
t = {(r["tool"], r["file"]): r["min_s"] for r in rows}
for kind in ("rss", "atom", "json"):
    p = t.get(("project", kind))
    if p is None:
        continue
    parts = []
    for peer in ("xmllint-stream", "feedparser", "feedparser+map", "json.loads"):
        q = t.get((peer, kind))
        if q:
            parts.append(f"{p / q:.2f}x {peer}")
    bar = "; bar: <= 3x xmllint-stream" if kind != "json" else ""
    print(f"parse {kind}: project time = " + ", ".join(parts) + f"  (lower is better{bar})")
PY
fi
