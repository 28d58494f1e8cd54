#!/usr/bin/env bash
# One command on a fresh machine: set up, then run the main job.
#   scripts/start.sh                       offload the built-in demo card to two drives under ./demo-output, then
#                                          open the station on it (Electron where its binary is installed, else
#                                          `soundroll serve` in the browser; only when run from a terminal)
#   scripts/start.sh <card> <dest> [dest…] offload a real card
#   SOUNDROLL_NO_APP=1 scripts/start.sh    the offload and listings only, no window
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SOUNDROLL="node dist/main/cli/index.js"
# Where ffmpeg-static could not fetch its binary (no GitHub), Debian's ffmpeg decodes the waveforms, as in CI.
if [ -z "${FFMPEG_BIN:-}" ] && [ -x /usr/bin/ffmpeg ] &&
  ! node -e "const p = require('ffmpeg-static'); process.exit(p && require('fs').existsSync(p) ? 0 : 1)" 2>/dev/null; then
  export FFMPEG_BIN=/usr/bin/ffmpeg
fi

if [ "$#" -ge 2 ]; then
  card="$1"; shift
  dests=()
  for d in "$@"; do dests+=(--dest "$d"); done
  exec $SOUNDROLL offload "$card" "${dests[@]}"
fi

out="$PWD/demo-output"
mkdir -p "$out/drive-a" "$out/drive-b"
export SOUNDROLL_CATALOG="$out/catalog.sqlite"
[ -d "$out/card/A001" ] || $SOUNDROLL demo-card "$out/card" >/dev/null
echo "Offloading the demo card $out/card/A001 to $out/drive-a and $out/drive-b" >&2
status=0
$SOUNDROLL offload "$out/card/A001" --dest "$out/drive-a" --dest "$out/drive-b" --project "Night Ext" || status=$?
echo
$SOUNDROLL ls
echo
$SOUNDROLL takes A001 --project "Night Ext"
echo
# The demo card has planted problems, so qc exits 1 here by design: the offload's status is what this script returns.
$SOUNDROLL qc A001 --project "Night Ext" || true

# The station itself, on the same catalog, with the demo card's folder watched like a card reader's mount point.
if [ -t 0 ] && [ -t 1 ] && [ -z "${SOUNDROLL_NO_APP:-}" ]; then
  export SOUNDROLL_MOUNT_ROOTS="$out/card"
  if node -e "process.exit(require('fs').existsSync(require('electron')) ? 0 : 1)" 2>/dev/null &&
    { [ "$(uname)" = "Darwin" ] || [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; }; then
    echo
    echo "Opening the soundroll station (Electron). Close the window to finish." >&2
    node scripts/native.js electron
    npx electron . || true
    node scripts/native.js node
  else
    echo
    echo "No Electron window here: the same station runs in your browser. Open the URL below; Ctrl-C stops it." >&2
    $SOUNDROLL serve || true
  fi
fi
exit "$status"
