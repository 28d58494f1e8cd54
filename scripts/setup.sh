#!/usr/bin/env bash
# Sets up a fresh machine for soundroll: the Debian packages it runs and tests with, the node modules, and a build.
# Safe to run again. On machines that cannot reach GitHub, Electron's and ffmpeg-static's binary downloads are
# skipped and Debian's ffmpeg is used (FFMPEG_BIN); on a normal machine npm brings both from their packages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(ffmpeg xxhash libxml2-utils util-linux mount e2fsprogs chromium poppler-utils)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} with your package manager (ffmpeg, xxhsum, xmllint)" >&2
  fi
fi

if [ -z "${FFMPEG_BIN:-}" ] && [ -x /usr/bin/ffmpeg ]; then export FFMPEG_BIN=/usr/bin/ffmpeg; fi
# Electron's binary comes from GitHub; where GitHub is unreachable the app runs in browser mode (soundroll serve).
if [ -z "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ] && ! curl -fsI --max-time 5 https://github.com >/dev/null 2>&1; then
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
