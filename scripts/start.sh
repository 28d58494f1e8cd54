#!/usr/bin/env bash
# One command on a fresh machine: set up, then run the main job.
#   scripts/start.sh                       offload the built-in demo card to two drives under ./demo-output
#   scripts/start.sh <card> <dest> [dest…] offload a real card
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
exit "$status"
