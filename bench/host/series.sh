#!/usr/bin/env bash
# Runs the nominal-load bench N times, each after 5 s of VcpuStalls, and prints one line per run: the host's stalls
# just before it (the busier of the threads) beside the bench's end-to-end figures. On a shared VM the p99 of a run
# follows the host more than the code; this puts the two side by side.
#
#   bench/host/series.sh [RUNS] [DURATION] [OUT_DIR]     e.g. bench/host/series.sh 8 30s bench/target/series
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-8}"
duration="${2:-30s}"
out="${3:-bench/target/series}"
mkdir -p "$out"
./fusebox --version >/dev/null  # builds once, before the first measurement
printf '%-4s %-44s %s\n' run "host stalls before (5 s, worst thread)" "bench: end to end p50 / p99 / p99.99 / max, lost"
for run in $(seq 1 "$runs"); do
    stalls=$(java bench/host/VcpuStalls.java 5 | awk -F'[ ,;%()]+' '
        { ms = $0; sub(/.*>1 ms /, "", ms); sub(/;.*/, "", ms)
          lost = $0; sub(/.*; /, "", lost); sub(/ ms lost.*/, "", lost)
          if (ms + 0 > worst_ms) worst_ms = ms + 0; if (lost + 0 > worst_lost) worst_lost = lost + 0 }
        END { printf "%d gaps > 1 ms, %.1f ms lost", worst_ms, worst_lost }')
    FUSEBOX_NO_BUILD=1 ./fusebox bench --duration "$duration" --summary-json "$out/bench-$run.json" > "$out/bench-$run.txt" 2>&1 || true  # exits 1 when the target is missed
    node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const e = d.endToEndUs, r = (x) => Math.round(x);
        console.log(process.argv[2].padEnd(5) + process.argv[3].padEnd(45) +
            `${r(e.p50)} / ${r(e.p99)} / ${r(e.p9999)} / ${r(e.max)} µs, lost ${d.lost}`);
    ' "$out/bench-$run.json" "$run" "$stalls"
done
