#!/usr/bin/env bash
# Issue 5's acceptance run: records a 60-s drive of the busiest scenario (urban-intersection), then replays it
# ten times with `replay --verify --rate max` through fusion, printing each replay's speedup (drive seconds per
# wall second) and whether every world model matched the recording byte for byte. Exits non-zero if any replay
# fails to verify. Usage: scripts/verify-replays.sh [SECONDS] [RUNS]; the drive log is removed at the end
# unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
runs=${2:-10}
work=$(mktemp -d)
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT

./fusebox drive --scenario urban-intersection --duration "${seconds}s" --drives "$work/drives" \
    --summary-json "$work/drive.json" 2>/dev/null | grep -E '^(recording to|recorded|drive urban)'
drive=$(ls -d "$work"/drives/*/)
export FUSEBOX_NO_BUILD=1

failed=0
for run in $(seq 1 "$runs"); do
    if ./fusebox replay "$drive" --verify --rate max --summary-json "$work/replay-$run.json" > "$work/replay-$run.txt" 2>&1; then
        status=VERIFIED
    else
        status=FAILED
        failed=$((failed + 1))
    fi
    summary=$(tr -d ' \n' < "$work/replay-$run.json")
    speedup=$(sed -E 's/.*"speedup":([0-9.]+).*/\1/' <<< "$summary")
    driveS=$(sed -E 's/.*"driveS":([0-9.]+).*/\1/' <<< "$summary")
    wallS=$(sed -E 's/.*"wallS":([0-9.]+).*/\1/' <<< "$summary")
    compared=$(grep -o 'world models [0-9]* compared of [0-9]* recorded' "$work/replay-$run.txt" || true)
    printf 'replay %2d: %s s of drive in %s s wall: %sx real time; %s; %s\n' \
        "$run" "$driveS" "$wallS" "$speedup" "$compared" "$status"
    if [[ "$status" == FAILED ]]; then
        grep -E 'first divergence|NOT VERIFIED|LOST' "$work/replay-$run.txt" || true
    fi
done
echo "$((runs - failed)) of $runs replays verified"
[[ "$failed" == 0 ]]
