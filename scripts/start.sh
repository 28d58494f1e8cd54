#!/usr/bin/env bash
# One command on a fresh machine: set up, then run the main job.
#   scripts/start.sh                       offload the built-in demo card to two drives under ./demo-output
#   scripts/start.sh <card> <dest> [dest…] offload a real card
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SOUNDROLL="node dist/main/cli/index.js"

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
exit "$status"
