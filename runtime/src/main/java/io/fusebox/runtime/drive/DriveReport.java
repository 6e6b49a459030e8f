package io.fusebox.runtime.drive;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScore;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a drive measured: per sensor, what crossed the determinism boundary inside the drive's window,
 * and capture-to-sequencer latency. Figures come from the fusion-input stream and the Aeron counters,
 * never from what the simulator intended.
 */
public final class DriveReport
{
    /**
     * One sensor's figures.
     *
     * @param messages   crossed into the fusion input with capture time inside the window.
     * @param gaps       sensor sequence numbers the sequencer never saw.
     * @param dropped    published but not forwarded: malformed, duplicates, or still in flight at the end.
     */
    public record SensorFigures(
        SensorConfig sensor,
        long messages,
        long bytes,
        double rateHz,
        long published,
        long gaps,
        long duplicates,
        long outOfOrder,
        long malformed,
        long dropped,
        long backPressure)
    {
    }

    /**
     * Fusion scored against ground truth and the planner that closed the loop.
     *
     * @param worldModels      fusion published.
     * @param fusionCyclesNs   wall time fusion spent per world-model period.
     * @param score            CLEAR-MOT against the simulator's ground truth at each world model's time.
     * @param scored           world models scored (after warm-up).
     * @param unscored         world models with no ground truth of their time kept.
     * @param trajectories     the planner published.
     * @param plannerCyclesNs  wall time of each planning cycle.
     * @param lastManeuver     of the last trajectory.
     * @param followerAccepted trajectories the simulated ego took.
     * @param followerRefused  trajectories it could not anchor.
     */
    public record ClosedLoopFigures(
        long worldModels,
        Histogram fusionCyclesNs,
        GroundTruthScore score,
        long scored,
        long unscored,
        long trajectories,
        Histogram plannerCyclesNs,
        String lastManeuver,
        long followerAccepted,
        long followerRefused)
    {
    }

    private final String scenario;
    private final long seed;
    private final String profile;
    private final double durationS;
    private final double wallS;
    private final Rig rig;
    private final SensorFigures[] sensors;
    private final Histogram latencyNs;
    private final Histogram steadyLatencyNs;
    private final double warmupS;
    private final Histogram[] latencyByKindNs;
    private final long fusionInputMessages;
    private final long fusionInputSequenceGaps;
    private final long fusionInputUnreadable;
    private final long errors;
    private final boolean interrupted;
    private final ClosedLoopFigures closedLoop;

    DriveReport(
        final String scenario,
        final long seed,
        final String profile,
        final double durationS,
        final double wallS,
        final Rig rig,
        final SensorFigures[] sensors,
        final Histogram latencyNs,
        final Histogram steadyLatencyNs,
        final double warmupS,
        final Histogram[] latencyByKindNs,
        final long fusionInputMessages,
        final long fusionInputSequenceGaps,
        final long fusionInputUnreadable,
        final long errors,
        final boolean interrupted,
        final ClosedLoopFigures closedLoop)
    {
        this.closedLoop = closedLoop;
        this.scenario = scenario;
        this.seed = seed;
        this.profile = profile;
        this.durationS = durationS;
        this.wallS = wallS;
        this.rig = rig;
        this.sensors = sensors;
        this.latencyNs = latencyNs;
        this.steadyLatencyNs = steadyLatencyNs;
        this.warmupS = warmupS;
        this.latencyByKindNs = latencyByKindNs;
        this.fusionInputMessages = fusionInputMessages;
        this.fusionInputSequenceGaps = fusionInputSequenceGaps;
        this.fusionInputUnreadable = fusionInputUnreadable;
        this.errors = errors;
        this.interrupted = interrupted;
    }

    /** @return fusion's score and the planner's figures. */
    public ClosedLoopFigures closedLoop()
    {
        return closedLoop;
    }

    public String scenario()
    {
        return scenario;
    }

    public double durationS()
    {
        return durationS;
    }

    public SensorFigures sensor(final int index)
    {
        return sensors[index];
    }

    public int sensorCount()
    {
        return sensors.length;
    }

    public Histogram latencyNs()
    {
        return latencyNs;
    }

    /**
     * @return latency after the warm-up part of the drive.
     */
    public Histogram steadyLatencyNs()
    {
        return steadyLatencyNs;
    }

    public long fusionInputMessages()
    {
        return fusionInputMessages;
    }

    public long fusionInputSequenceGaps()
    {
        return fusionInputSequenceGaps;
    }

    public long errors()
    {
        return errors;
    }

    public boolean interrupted()
    {
        return interrupted;
    }

    public long totalGaps()
    {
        long total = 0;
        for (final SensorFigures figures : sensors)
        {
            total += figures.gaps();
        }
        return total;
    }

    public long totalDropped()
    {
        long total = 0;
        for (final SensorFigures figures : sensors)
        {
            total += figures.dropped();
        }
        return total;
    }

    /**
     * @return the largest relative deviation of any sensor's measured message rate from nominal.
     */
    public double worstRateError()
    {
        double worst = 0;
        for (final SensorFigures figures : sensors)
        {
            final double nominal = figures.sensor().messageRateHz();
            worst = Math.max(worst, Math.abs(figures.rateHz() - nominal) / nominal);
        }
        return worst;
    }

    /**
     * The closing summary a person reads.
     */
    public String summaryText()
    {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
            "drive %s: %.1f s, %d sensors, %d messages into fusion input, sequence gaps %d, dropped %d, " +
            "worst rate error %.3f %%, errors %d%s%n",
            scenario, durationS, sensors.length, fusionInputMessages, totalGaps() + fusionInputSequenceGaps,
            totalDropped(), 100 * worstRateError(), errors, interrupted ? " (interrupted)" : ""));
        text.append(String.format(Locale.ROOT,
            "sensor-to-sequencer latency over the drive: p50 %s  p99 %s  p99.9 %s  max %s  (%d messages)%n",
            micros(latencyNs.getValueAtPercentile(50)), micros(latencyNs.getValueAtPercentile(99)),
            micros(latencyNs.getValueAtPercentile(99.9)), micros(latencyNs.getMaxValue()),
            latencyNs.getTotalCount()));
        if (steadyLatencyNs.getTotalCount() > 0)
        {
            text.append(String.format(Locale.ROOT,
                "  after %.0f s of warm-up:      p50 %s  p99 %s  p99.9 %s  max %s  (%d messages)%n", warmupS,
                micros(steadyLatencyNs.getValueAtPercentile(50)), micros(steadyLatencyNs.getValueAtPercentile(99)),
                micros(steadyLatencyNs.getValueAtPercentile(99.9)), micros(steadyLatencyNs.getMaxValue()),
                steadyLatencyNs.getTotalCount()));
        }
        text.append("  by kind, whole drive:\n");
        for (final SensorKind kind : SensorKind.values())
        {
            final Histogram histogram = null == latencyByKindNs[kind.ordinal()] ? null : latencyByKindNs[kind.ordinal()];
            if (null != histogram && histogram.getTotalCount() > 0)
            {
                text.append(String.format(Locale.ROOT, "    %-13s p50 %s  p99 %s  p99.9 %s  max %s%n",
                    kind.name().toLowerCase(Locale.ROOT), micros(histogram.getValueAtPercentile(50)),
                    micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
                    micros(histogram.getMaxValue())));
            }
        }
        return text.toString();
    }

    /**
     * Writes the summary JSON: {@code {"scenario", "durationS", "sensors": [...], "sequencerLatencyUs": {...},
     * "fusion": {...}, "planner": {...}}}.
     */
    public void writeJson(final Path file) throws IOException
    {
        SummaryJson.write(file, json ->
        {
            json.writeStringField("scenario", scenario);
            json.writeNumberField("seed", seed);
            json.writeStringField("profile", profile);
            json.writeStringField("rig", rig.name());
            json.writeNumberField("durationS", durationS);
            json.writeNumberField("wallS", round3(wallS));
            json.writeBooleanField("interrupted", interrupted);
            json.writeArrayFieldStart("sensors");
            for (final SensorFigures figures : sensors)
            {
                json.writeStartObject();
                json.writeNumberField("id", figures.sensor().id());
                json.writeStringField("name", figures.sensor().name());
                json.writeStringField("kind", figures.sensor().kind().name().toLowerCase(Locale.ROOT));
                json.writeNumberField("messages", figures.messages());
                json.writeNumberField("rateHz", round3(figures.rateHz()));
                json.writeNumberField("nominalHz", round3(figures.sensor().messageRateHz()));
                json.writeNumberField("bytes", figures.bytes());
                json.writeNumberField("gaps", figures.gaps());
                json.writeNumberField("dropped", figures.dropped());
                json.writeNumberField("duplicates", figures.duplicates());
                json.writeNumberField("outOfOrder", figures.outOfOrder());
                json.writeNumberField("malformed", figures.malformed());
                json.writeNumberField("backPressure", figures.backPressure());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("sequencerLatencyUs");
            writePercentiles(json, latencyNs);
            json.writeEndObject();
            json.writeObjectFieldStart("sequencerLatencySteadyUs");
            json.writeNumberField("warmupS", warmupS);
            writePercentiles(json, steadyLatencyNs);
            json.writeEndObject();
            json.writeObjectFieldStart("sequencerLatencyByKindUs");
            for (final SensorKind kind : SensorKind.values())
            {
                final Histogram histogram = latencyByKindNs[kind.ordinal()];
                if (null != histogram && histogram.getTotalCount() > 0)
                {
                    json.writeObjectFieldStart(kind.name().toLowerCase(Locale.ROOT));
                    writePercentiles(json, histogram);
                    json.writeEndObject();
                }
            }
            json.writeEndObject();
            json.writeObjectFieldStart("fusionInput");
            json.writeNumberField("messages", fusionInputMessages);
            json.writeNumberField("sequenceGaps", fusionInputSequenceGaps);
            json.writeNumberField("unreadable", fusionInputUnreadable);
            json.writeEndObject();
            writeClosedLoop(json, closedLoop);
            json.writeNumberField("errors", errors);
        });
    }

    private static void writeClosedLoop(final JsonGenerator json, final ClosedLoopFigures figures) throws IOException
    {
        final GroundTruthScore score = figures.score();
        json.writeObjectFieldStart("fusion");
        json.writeNumberField("worldModels", figures.worldModels());
        json.writeObjectFieldStart("cycleUs");
        writePercentiles(json, figures.fusionCyclesNs());
        json.writeEndObject();
        writeScore(json, "mota", score.mota());
        writeScore(json, "positionRmseM", score.positionRmseM());
        writeScore(json, "velocityRmseMps", score.velocityRmseMps());
        json.writeNumberField("scoredWorldModels", figures.scored());
        json.writeNumberField("unscoredWorldModels", figures.unscored());
        json.writeNumberField("groundTruth", score.groundTruth());
        json.writeNumberField("falsePositives", score.falsePositives());
        json.writeNumberField("falseNegatives", score.falseNegatives());
        json.writeNumberField("idSwitches", score.idSwitches());
        json.writeEndObject();
        json.writeObjectFieldStart("planner");
        json.writeNumberField("trajectories", figures.trajectories());
        json.writeObjectFieldStart("cycleUs");
        writePercentiles(json, figures.plannerCyclesNs());
        json.writeEndObject();
        json.writeStringField("lastManeuver", figures.lastManeuver());
        json.writeNumberField("followerAccepted", figures.followerAccepted());
        json.writeNumberField("followerRefused", figures.followerRefused());
        json.writeEndObject();
    }

    /** NaN (nothing scored) is not JSON: null instead. */
    private static void writeScore(final JsonGenerator json, final String name, final double value) throws IOException
    {
        if (Double.isNaN(value))
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, Math.round(value * 10000) / 10000.0);
        }
    }

    /**
     * Writes {@code count} and the percentiles of a histogram of nanoseconds, in microseconds, as fields of the
     * object being written: {@code p50, p90, p99, p999, p9999, max}.
     */
    public static void writePercentiles(final JsonGenerator json, final Histogram histogram) throws IOException
    {
        json.writeNumberField("count", histogram.getTotalCount());
        json.writeNumberField("p50", round3(histogram.getValueAtPercentile(50) / 1e3));
        json.writeNumberField("p90", round3(histogram.getValueAtPercentile(90) / 1e3));
        json.writeNumberField("p99", round3(histogram.getValueAtPercentile(99) / 1e3));
        json.writeNumberField("p999", round3(histogram.getValueAtPercentile(99.9) / 1e3));
        json.writeNumberField("p9999", round3(histogram.getValueAtPercentile(99.99) / 1e3));
        json.writeNumberField("max", round3(histogram.getMaxValue() / 1e3));
    }

    static Histogram newHistogram()
    {
        return new Histogram(CaptureLatency.HIGHEST_TRACKABLE_NS, CaptureLatency.SIGNIFICANT_DIGITS);
    }

    public static String micros(final long nanos)
    {
        return nanos >= 10_000_000 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6) :
            String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }

    private static double round3(final double value)
    {
        return Math.round(value * 1000) / 1000.0;
    }
}
