#!/usr/bin/env bash
# The bundled offline demo: installs what is missing, builds in release mode, and runs `brandpulse demo`
# (collect, score, store, alert, digest and CSV) into ./brandpulse-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --static-swift-stdlib --product brandpulse
.build/release/brandpulse demo --out "${1:-brandpulse-demo}"
