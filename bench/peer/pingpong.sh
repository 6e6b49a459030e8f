#!/usr/bin/env bash
# Ping-pong round trips, our bus beside a peer middleware, in one run on this machine.
#
#   apt-get install -y cyclonedds-tools      # the peer: Cyclone DDS's ddsperf (Debian package)
#   bench/peer/pingpong.sh [SECONDS] [OUT.json]
#
# Measures 32-byte and 64-KiB messages: ping sends the next message as soon as the echo of the last is back.
#  - ours: io.fusebox.bench.peer.BusPingPong, a Bus as the runtime launches it (embedded media driver, the rig's
#    aeron:ipc output channels, profile $FUSEBOX_PROFILE, laptop by default), ping and pong agents on two threads
#    with the idle strategy of $FUSEBOX_AGENT_PROFILE (thor by default: they spin, as a latency-critical path does;
#    the driver, not on the IPC data path, backs off, so nothing spins beyond a 2-core machine's cores).
#  - peer: `ddsperf pong` and `ddsperf ping size N` in two processes (Cyclone's default: UDP on loopback).
# ddsperf prints p50 and p99 of each second; the Java side reports the same statistic (each second's p50 and p99),
# and both sides are summarised by the median over the measured seconds (the first 2 seconds are warm-up).
# Writes (and prints) {"name", "p50RatioSmall", "p99RatioSmall", "p50Ratio64k", "p99Ratio64k", ...}: ours / peer,
# so 0.1 means ten times faster than the peer.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
out="${2:-bench/target/pingpong.json}"
profile="${FUSEBOX_PROFILE:-laptop}"
agent_profile="${FUSEBOX_AGENT_PROFILE:-thor}"
warmup=2

command -v ddsperf >/dev/null || { echo "ddsperf not found: apt-get install -y cyclonedds-tools" >&2; exit 2; }
jar=bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
    echo "building $jar..." >&2
    mvn -q -B -pl bench -am package -DskipTests >&2
fi
java_opts=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ours() { # SIZE -> one JSON line
    java "${java_opts[@]}" -cp "$jar" io.fusebox.bench.peer.BusPingPong "$1" "$seconds" "$profile" "$agent_profile"
}

peer() { # SIZE -> "p50 p99 seconds": medians of ddsperf's per-second p50 and p99, in µs
    local size=$1 total=$((seconds + warmup))
    ddsperf -D $((total + 3)) pong >"$work/pong.log" 2>&1 &
    local pong=$!
    ddsperf -D "$total" ping size "$size" >"$work/ping-$size.log" 2>&1 || true
    wait "$pong" 2>/dev/null || true
    # Lines like: [pid] 3.000  host:pid size 32 mean 8.2us min 7.1us 50% 7.4us 90% 7.9us 99% 8.6us max 3737.7us cnt 60056
    awk -v warmup="$warmup" '
        / size [0-9]+ mean / && $2 + 0 > warmup {
            for (i = 1; i <= NF; i++) { if ($i == "50%") p50[n] = $(i + 1) + 0; if ($i == "99%") p99[n] = $(i + 1) + 0 }
            n++
        }
        function median(a, n,   i, j, t) {
            for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
            return n % 2 ? a[int(n / 2)] : (a[n / 2 - 1] + a[n / 2]) / 2
        }
        END { if (n == 0) { print "no ddsperf samples" > "/dev/stderr"; exit 1 }; printf "%.3f %.3f %d\n", median(p50, n), median(p99, n), n }
    ' "$work/ping-$size.log"
}

field() { sed -E "s/.*\"$2\": ([0-9.]+).*/\1/" <<<"$1"; }

echo "ping-pong, $seconds s per case after $warmup s warm-up, on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
ours_small="$(ours 32)";      echo "ours 32 B:   $ours_small" >&2
ours_large="$(ours 65536)";   echo "ours 64 KiB: $ours_large" >&2
read -r peer_small_p50 peer_small_p99 peer_small_n < <(peer 32)
echo "ddsperf 32 B:   p50 $peer_small_p50 us p99 $peer_small_p99 us ($peer_small_n s)" >&2
read -r peer_large_p50 peer_large_p99 peer_large_n < <(peer 65536)
echo "ddsperf 64 KiB: p50 $peer_large_p50 us p99 $peer_large_p99 us ($peer_large_n s)" >&2

version="$(dpkg-query -W -f='${Version}' cyclonedds-tools 2>/dev/null || echo unknown)"
mkdir -p "$(dirname "$out")"
awk -v name="cyclonedds ddsperf $version" -v profile="$profile" -v agents="$agent_profile" -v cores="$(nproc)" \
    -v o50s="$(field "$ours_small" p50Us)" -v o99s="$(field "$ours_small" p99Us)" \
    -v o50l="$(field "$ours_large" p50Us)" -v o99l="$(field "$ours_large" p99Us)" \
    -v p50s="$peer_small_p50" -v p99s="$peer_small_p99" -v p50l="$peer_large_p50" -v p99l="$peer_large_p99" '
    BEGIN {
        printf "{\"name\": \"%s\", \"p50RatioSmall\": %.4f, \"p99RatioSmall\": %.4f, \"p50Ratio64k\": %.4f, \"p99Ratio64k\": %.4f, ", name, o50s / p50s, o99s / p99s, o50l / p50l, o99l / p99l
        printf "\"oursProfile\": \"%s\", \"oursAgentProfile\": \"%s\", \"cores\": %d, ", profile, agents, cores
        printf "\"oursSmallP50Us\": %.3f, \"oursSmallP99Us\": %.3f, \"ours64kP50Us\": %.3f, \"ours64kP99Us\": %.3f, ", o50s, o99s, o50l, o99l
        printf "\"peerSmallP50Us\": %.3f, \"peerSmallP99Us\": %.3f, \"peer64kP50Us\": %.3f, \"peer64kP99Us\": %.3f}\n", p50s, p99s, p50l, p99l
    }' | tee "$out"
