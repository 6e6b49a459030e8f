package io.fusebox.runtime.bench;

import io.fusebox.runtime.bus.Profile;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness on the real drive (embedded media driver, rig publisher, sequencer, fusion, planner) at twice the
 * nominal rates for a few seconds, and the report it writes, read back with HdrHistogram's log reader and a JSON
 * parser. No timing is asserted, only what must hold whatever the machine: rates, counts, and the order of stages.
 */
class LatencyBenchTest
{
    private static final double LOAD = 2.0;

    @Test
    void aLoadStepMeasuresEveryStageAndItsReportReadsBack(@TempDir final Path dir) throws Exception
    {
        final Path peer = dir.resolve("peer.json");
        Files.writeString(peer, "{\"name\": \"cyclonedds ddsperf test\", \"p99RatioSmall\": 0.5, \"p99Ratio64k\": 2}");
        final Rig rig = RigLoader.loadDefault();
        final BenchContext context = new BenchContext()
            .rig(rig)
            .scenario("highway-cruise")
            .durationNs(TimeUnit.SECONDS.toNanos(4))
            .warmupNs(TimeUnit.SECONDS.toNanos(2))
            .lockStepWarmupNs(TimeUnit.SECONDS.toNanos(3))
            .load(LOAD)
            .maxRampLoad(LOAD)
            .peerSummary(peer);
        final StringWriter out = new StringWriter();

        final BenchResult result = LatencyBench.run(context, new PrintWriter(out), () -> true);

        assertEquals(1, result.steps().size(), out.toString());
        assertTrue(out.toString().startsWith("JIT warm-up: highway-cruise closed loop in lock step, 3 s of capture time"),
            out.toString());
        final LoadStep step = result.steps().get(0);
        assertEquals(LOAD, step.load());
        double nominalPerS = 0;
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            nominalPerS += rig.sensor(i).messageRateHz();
        }
        assertEquals(LOAD * nominalPerS, step.messagesPerS(), 0.02 * LOAD * nominalPerS, "the rig ran at twice its rates");
        // A world model per 100 ms of capture time, and capture time is the intended send time: the load puts twice
        // the inputs into each world model, not more world models into a second.
        assertEquals(10, step.worldModelsPerS(), 1.0);
        assertEquals(0, step.sensorDropped() + step.sensorGaps() + step.fusionInputGaps());

        final Histogram sequencer = step.latencyNs(Stage.SEQUENCER);
        final Histogram fusion = step.latencyNs(Stage.FUSION);
        final Histogram planner = step.latencyNs(Stage.PLANNER);
        final Histogram endToEnd = step.latencyNs(Stage.END_TO_END);
        assertTrue(sequencer.getTotalCount() > LOAD * nominalPerS, "sequencer " + sequencer.getTotalCount());
        assertTrue(fusion.getTotalCount() >= 30, "world models measured " + fusion.getTotalCount());
        assertTrue(endToEnd.getTotalCount() >= 30, "trajectories measured " + endToEnd.getTotalCount());
        assertEquals(endToEnd.getTotalCount(), planner.getTotalCount() + step.repeatedTrajectories(),
            "every trajectory met its world model, or repeated a controlled stop");
        // Measured from the intended send time of the newest input used, so never negative; a trajectory comes
        // after its world model.
        assertTrue(fusion.getMinValue() > 0, "fusion min " + fusion.getMinValue());
        assertTrue(endToEnd.getMinValue() >= fusion.getMinValue());
        assertTrue(endToEnd.getValueAtPercentile(50) >= fusion.getValueAtPercentile(50));
        assertNotNull(step.jvm(), "the measurement window closed");
        assertTrue(step.jvm().allocatedBytes() > 0);
        // On a laptop the probe rides the pipeline's thread: world models seen right after fusion, trajectories right
        // after the planner, and no thread of its own to take the pipeline's core.
        assertEquals(Profile.LAPTOP, context.profile());
        assertTrue(step.jvm().byThread().keySet().stream().anyMatch((name) -> name.matches(
            ".*fusion,latency-probe-world-models,planner,latency-probe.*")), step.jvm().byThread().keySet().toString());
        assertFalse(step.jvm().byThread().containsKey("latency-probe"), step.jvm().byThread().keySet().toString());

        final Path report = dir.resolve("report");
        BenchReport.write(result, report);

        for (final Stage stage : Stage.values())
        {
            final HistogramLogReader reader = new HistogramLogReader(report.resolve(BenchReport.logName(stage)).toFile());
            final EncodableHistogram interval = reader.nextIntervalHistogram();
            assertNotNull(interval, stage + " log holds an interval");
            assertEquals("load=" + LOAD, interval.getTag());
            assertEquals(step.latencyNs(stage).getTotalCount(), ((Histogram)interval).getTotalCount());
            assertEquals(step.latencyNs(stage).getValueAtPercentile(99), ((Histogram)interval).getValueAtPercentile(99));
            assertNull(reader.nextIntervalHistogram(), "one interval per load step");
        }

        final Map<String, Object> summary = SummaryJson.read(report.resolve(BenchReport.SUMMARY));
        assertEquals(LOAD, SummaryJson.number(summary, "load"));
        final Map<String, Object> endToEndUs = SummaryJson.object(summary, "endToEndUs");
        for (final String percentile : List.of("p50", "p99", "p999", "p9999", "max"))
        {
            assertTrue(SummaryJson.number(endToEndUs, percentile) >= fusion.getMinValue() / 1e3, percentile);
        }
        assertEquals(endToEnd.getValueAtPercentile(99) / 1e3, SummaryJson.number(endToEndUs, "p99"), 0.001);
        final Map<String, Object> stagesUs = SummaryJson.object(summary, "stagesUs");
        for (final String stage : List.of("sequencer", "fusion", "planner"))
        {
            assertTrue(SummaryJson.number(SummaryJson.object(stagesUs, stage), "count") > 0, stage);
        }
        assertEquals(step.lost(), SummaryJson.number(summary, "lost"));
        assertEquals(step.jvm().gcCount(), SummaryJson.number(summary, "gcPauses"));
        assertEquals(result.maxSustainedLoad(), SummaryJson.number(summary, "maxSustainedLoad"));
        final Map<String, Object> peerSummary = SummaryJson.object(summary, "peer");
        assertEquals("cyclonedds ddsperf test", peerSummary.get("name"));
        assertEquals(0.5, SummaryJson.number(peerSummary, "p99RatioSmall"));
        assertEquals(2.0, SummaryJson.number(peerSummary, "p99Ratio64k"));

        final String page = Files.readString(report.resolve(BenchReport.PAGE), StandardCharsets.UTF_8);
        assertTrue(page.contains("<script src=\"" + BenchReport.UPLOT_SCRIPT + "\"></script>"), "uPlot loaded locally");
        assertTrue(page.contains("href=\"" + BenchReport.UPLOT_STYLE + "\""));
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing fetched from the network");
        assertTrue(page.contains("\"endToEnd\":[{\"load\":" + LOAD), "the end-to-end distribution is plotted");
        final String script = Files.readString(report.resolve(BenchReport.UPLOT_SCRIPT), StandardCharsets.UTF_8);
        assertTrue(script.length() > 10_000 && script.contains("uPlot"), "uPlot's script was copied next to the page");
        assertTrue(Files.size(report.resolve(BenchReport.UPLOT_STYLE)) > 0);
    }

    @Test
    void badConfigurationNamesTheFieldAndTheReason()
    {
        final IllegalArgumentException load =
            assertThrows(IllegalArgumentException.class, () -> new BenchContext().load(0).conclude());
        assertTrue(load.getMessage().startsWith("load: must be a positive"), load.getMessage());
        final IllegalArgumentException scenario =
            assertThrows(IllegalArgumentException.class, () -> new BenchContext().scenario("moon").conclude());
        assertTrue(scenario.getMessage().startsWith("scenario: unknown 'moon'"), scenario.getMessage());
        final IllegalArgumentException ramp = assertThrows(IllegalArgumentException.class,
            () -> new BenchContext().load(4).maxRampLoad(2).conclude());
        assertTrue(ramp.getMessage().startsWith("maxRampLoad: must be at least"), ramp.getMessage());
        final IllegalArgumentException warmup = assertThrows(IllegalArgumentException.class,
            () -> new BenchContext().lockStepWarmupNs(-1).conclude());
        assertTrue(warmup.getMessage().startsWith("lockStepWarmup: must not be negative"), warmup.getMessage());
    }
}
