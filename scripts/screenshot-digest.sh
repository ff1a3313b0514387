#!/usr/bin/env bash
# Renders an HTML digest in a real headless Chromium at phone and desktop widths, as PNG files to
# look at: scripts/screenshot-digest.sh brandpulse-demo/digests/emag-2026-10-30.html [out-prefix]
set -euo pipefail
html=$(realpath "$1")
prefix=${2:-${html%.html}}
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
for spec in phone:420,2400 desktop:1200,1800; do
  name=${spec%%:*}; size=${spec#*:}
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size" \
    --screenshot="$prefix-$name.png" "file://$html" 2>/dev/null
  echo "$prefix-$name.png"
done
