#!/usr/bin/env bash
# Installs the system packages BrandPulse needs, only those missing. Debian/Ubuntu, as root (or with sudo).
#   scripts/setup.sh            libcurl, libxml2, libpq and SQLite headers
#   scripts/setup.sh --tests    also the PostgreSQL server and Python 3 for the test suite and quality gates
set -euo pipefail

packages=(libcurl4-openssl-dev libxml2-dev libpq-dev libsqlite3-dev pkg-config)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(postgresql python3 libxml2-utils)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: Swift 6 is not on PATH; install the Swift toolchain from swift.org first" >&2
  exit 1
fi
