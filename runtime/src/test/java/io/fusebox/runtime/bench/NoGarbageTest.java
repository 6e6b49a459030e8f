package io.fusebox.runtime.bench;

import io.fusebox.replay.testing.ChildJvm;
import io.fusebox.runtime.cli.FuseboxCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The steady state allocates nothing: {@code fusebox bench} at nominal load (rig publisher, sequencer, fusion,
 * planner, probe, embedded media driver) in a child JVM under Epsilon, a GC that never collects, with a heap bounded
 * just above what setting up takes. Anything allocated per message would exhaust it (the child exits on the
 * OutOfMemoryError); and every thread's own allocation over the measured window is checked too, main's included.
 *
 * <p>Measured length: {@code -Dfusebox.bench.epsilon.duration=60s} (default 15 s, to keep CI short).
 *
 * <p>The bound, 80 MB ({@code -Dfusebox.bench.epsilon.heap} to change it): the set-up's footprint is about 69 MB
 * (class loading, the rig, the scenario world and the sensor models, fusion's and the planner's preallocated tables,
 * the closed loop's ground-truth ring, HdrHistograms, picocli; the media driver's and the publications' buffers are
 * off heap), plus the warm-up's JIT-time allocation. The bench's drive formats no report lines while it measures.
 */
class NoGarbageTest
{
    private static final String HEAP = System.getProperty("fusebox.bench.epsilon.heap", "80m");
    /** Per agent thread over the whole window: the window's two JVM samples and one-off growth, nothing per message. */
    private static final long MAX_AGENT_THREAD_BYTES = 64 * 1024;

    @Test
    void aNominalDriveRunsUnderEpsilonInABoundedHeap(@TempDir final Path dir) throws Exception
    {
        final Duration duration = Duration.ofSeconds(
            Long.parseLong(System.getProperty("fusebox.bench.epsilon.duration", "15s").replace("s", "")));
        final Path summary = dir.resolve("summary.json");
        try (ChildJvm child = new ChildJvm(
            List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xms" + HEAP, "-Xmx" + HEAP,
                "-XX:+ExitOnOutOfMemoryError"),
            // No lock-step JIT warm-up: it builds a whole closed-loop scenario of its own, which Epsilon never takes
            // back; what this run proves is the live pipeline's steady state.
            FuseboxCommand.class, "bench", "--duration", duration.toSeconds() + "s", "--warmup", "5s",
            "--lock-step-warmup", "0s", "--summary-json", summary.toString()))
        {
            child.awaitLine("summary written", duration.plusSeconds(120));
        }

        final Map<String, Object> step = SummaryJson.object(
            Map.of("step", ((List<?>)SummaryJson.read(summary).get("steps")).get(0)), "step");
        assertEquals(0.0, SummaryJson.number(step, "gcCount"));
        final Map<String, Object> byThread = SummaryJson.object(step, "allocatedBytesByThread");
        System.out.printf("Epsilon, heap %s, %d s measured: footprint at the window's start %.1f MB, heap growth " +
            "%.3f MB, allocated by thread %s%n", HEAP, duration.toSeconds(),
            SummaryJson.number(step, "heapUsedAtStartBytes") / 1e6, SummaryJson.number(step, "heapUsedGrowthBytes") / 1e6,
            byThread);
        // Every thread is held to the bound: the agents', the media driver's, the JVM's own, and main (the bench's
        // drive gathers its interval figures without formatting report lines).
        for (final Map.Entry<String, Object> thread : byThread.entrySet())
        {
            final long bytes = ((Number)thread.getValue()).longValue();
            assertTrue(bytes <= MAX_AGENT_THREAD_BYTES,
                thread.getKey() + " allocated " + bytes + " bytes in the window");
        }
        for (final String agent : List.of("sequencer", "fusion", "planner", "rig-publisher", "latency-probe"))
        {
            assertTrue(byThread.keySet().stream().anyMatch((name) -> name.contains(agent)), agent + " ran: " + byThread);
        }
    }
}
