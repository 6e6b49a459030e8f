package io.fusebox.runtime.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.replay.log.DriveLogTail;
import io.fusebox.replay.verify.Divergence;
import io.fusebox.runtime.drive.SummaryJson;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a replay did: messages and time, the timing error at a finite rate, and, when asked to verify,
 * exactly what was compared. Summary JSON:
 * {@code {"messages", "wallS", "driveS", "speedup", "verified", "divergences", ...}}.
 *
 * @param drive                the drive log replayed.
 * @param rate                 times recorded speed; infinite for max.
 * @param messages             fusion inputs published (and received back from the bus).
 * @param received             fusion inputs the replay's monitor received from the bus.
 * @param bytes                of those messages.
 * @param wallS                from the first message out to the last one received.
 * @param driveS               recorded time those messages cover (summed over loops).
 * @param passes               passes through the range (more than one with --loop).
 * @param filtered             messages left out by --only.
 * @param backPressured        messages the stream held back at least once.
 * @param timingErrorNs        lateness of each message against its schedule; null at max rate.
 * @param tail                 how the log ends (a torn log replays up to its last whole entry).
 * @param malformedEntries     entries of the log skipped as malformed.
 * @param verifyRequested      whether --verify was given.
 * @param verification         what verify compared; null when not requested.
 * @param pipelineAgents       names of the agents run on the replayed input; empty when none is attached.
 * @param interrupted          stopped early (Ctrl-C).
 * @param faults               what --drop and --delay did; null when no fault was injected.
 */
public record ReplayReport(
    Path drive,
    double rate,
    long messages,
    long received,
    long bytes,
    double wallS,
    double driveS,
    long passes,
    long filtered,
    long backPressured,
    Histogram timingErrorNs,
    DriveLogTail tail,
    long malformedEntries,
    boolean verifyRequested,
    Verification verification,
    java.util.List<String> pipelineAgents,
    boolean interrupted,
    FaultFigures faults)
{
    /**
     * Faults injected into the replay.
     *
     * @param description as given, e.g. {@code drop 31; delay 21=50ms}.
     * @param dropped     messages withheld.
     * @param delayed     messages published late.
     */
    public record FaultFigures(String description, long dropped, long delayed)
    {
    }

    /**
     * What --verify compared, stream by stream.
     *
     * @param worldModelsRecorded   in the log.
     * @param worldModelsProduced   by the pipeline during the replay.
     * @param worldModelsCompared   byte for byte.
     * @param trajectoriesRecorded  in the log.
     * @param trajectoriesProduced  by the pipeline.
     * @param trajectoriesCompared  byte for byte.
     * @param divergences           messages that differ, extra or missing.
     * @param firstDivergence       the first, or null.
     * @param verified              at least one message compared and no divergence.
     */
    public record Verification(
        long worldModelsRecorded,
        long worldModelsProduced,
        long worldModelsCompared,
        long trajectoriesRecorded,
        long trajectoriesProduced,
        long trajectoriesCompared,
        long watchdogStops,
        long divergences,
        Divergence firstDivergence,
        boolean verified)
    {
    }

    /**
     * @return drive seconds per wall second.
     */
    public double speedup()
    {
        return wallS > 0 ? driveS / wallS : 0;
    }

    public boolean verified()
    {
        return null != verification && verification.verified();
    }

    public long divergences()
    {
        return null == verification ? 0 : verification.divergences();
    }

    /**
     * @return true when everything published came back from the bus.
     */
    public boolean isComplete()
    {
        return received == messages;
    }

    public String summaryText()
    {
        final StringBuilder text = new StringBuilder(1024);
        text.append(String.format(Locale.ROOT, "replayed %d fusion inputs (%.1f MB) covering %.3f s of drive in %.3f s " +
            "wall: %.2fx real time%s%n", messages, bytes / 1e6, driveS, wallS, speedup(),
            passes > 1 ? " over " + passes + " passes" : ""));
        if (received != messages)
        {
            text.append(String.format(Locale.ROOT, "  LOST: %d published, %d received back%n", messages, received));
        }
        if (filtered > 0)
        {
            text.append(String.format(Locale.ROOT, "  %d messages left out by --only%n", filtered));
        }
        if (null != timingErrorNs && timingErrorNs.getTotalCount() > 0)
        {
            text.append(String.format(Locale.ROOT, "  timing error at rate %s: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, " +
                "max %.3f ms over %d messages%n", rateName(rate), timingErrorNs.getValueAtPercentile(50) / 1e6,
                timingErrorNs.getValueAtPercentile(99) / 1e6, timingErrorNs.getValueAtPercentile(99.9) / 1e6,
                timingErrorNs.getMaxValue() / 1e6, timingErrorNs.getTotalCount()));
        }
        if (null != faults)
        {
            text.append(String.format(Locale.ROOT, "  faults (%s): %d messages withheld, %d published late, " +
                "re-sequenced as a live sequencer would have%n", faults.description(), faults.dropped(), faults.delayed()));
        }
        if (backPressured > 0)
        {
            text.append(String.format(Locale.ROOT, "  %d messages held back by the bus at least once%n", backPressured));
        }
        if (tail.isTorn())
        {
            text.append("  the log is torn (no end marker): replayed up to its last whole entry\n");
        }
        if (malformedEntries > 0)
        {
            text.append(String.format(Locale.ROOT, "  %d malformed entries skipped%n", malformedEntries));
        }
        text.append(String.format(Locale.ROOT, "  pipeline: %s%n",
            pipelineAgents.isEmpty() ? "none attached (fusion input replayed and counted only)" : pipelineAgents));
        if (verifyRequested)
        {
            final Verification v = verification;
            text.append(String.format(Locale.ROOT, "  verify: world models %d compared of %d recorded (%d produced), " +
                "trajectories %d compared of %d recorded (%d produced), %d divergences: %s%n",
                v.worldModelsCompared(), v.worldModelsRecorded(), v.worldModelsProduced(), v.trajectoriesCompared(),
                v.trajectoriesRecorded(), v.trajectoriesProduced(), v.divergences(),
                v.verified() ? "VERIFIED" : "NOT VERIFIED"));
            if (v.watchdogStops() > 0)
            {
                text.append(String.format(Locale.ROOT, "  %d recorded trajectories were the planner watchdog's " +
                    "controlled stops (world models late on the wall clock): not replayable, not compared%n",
                    v.watchdogStops()));
            }
            if (null != v.firstDivergence())
            {
                text.append("  first divergence: ").append(v.firstDivergence()).append('\n');
            }
            if (v.worldModelsCompared() + v.trajectoriesCompared() == 0)
            {
                text.append("  nothing was compared: ").append(
                    v.worldModelsRecorded() + v.trajectoriesRecorded() == 0 ? "the log holds no world models or trajectories" :
                    pipelineAgents.isEmpty() ? "no pipeline is attached to replay, so nothing produced world models or " +
                    "trajectories" : "the pipeline produced no world models or trajectories").append('\n');
            }
        }
        if (interrupted)
        {
            text.append("  interrupted\n");
        }
        return text.toString();
    }

    public void writeJson(final Path file) throws IOException
    {
        SummaryJson.write(file, json ->
        {
            json.writeNumberField("messages", messages);
            json.writeNumberField("wallS", round(wallS, 1e6));
            json.writeNumberField("driveS", round(driveS, 1e6));
            json.writeNumberField("speedup", round(speedup(), 1e3));
            json.writeBooleanField("verified", verified());
            json.writeNumberField("divergences", divergences());
            json.writeNumberField("watchdogStops", null == verification ? 0 : verification.watchdogStops());
            json.writeStringField("drive", drive.toString());
            json.writeStringField("rate", rateName(rate));
            json.writeNumberField("received", received);
            json.writeNumberField("bytes", bytes);
            json.writeNumberField("passes", passes);
            json.writeNumberField("filtered", filtered);
            json.writeNumberField("backPressured", backPressured);
            json.writeBooleanField("torn", tail.isTorn());
            json.writeNumberField("malformedEntries", malformedEntries);
            json.writeArrayFieldStart("pipeline");
            for (final String agent : pipelineAgents)
            {
                json.writeString(agent);
            }
            json.writeEndArray();
            if (null != timingErrorNs && timingErrorNs.getTotalCount() > 0)
            {
                json.writeObjectFieldStart("timingErrorMs");
                json.writeNumberField("count", timingErrorNs.getTotalCount());
                json.writeNumberField("p50", round(timingErrorNs.getValueAtPercentile(50) / 1e6, 1e3));
                json.writeNumberField("p99", round(timingErrorNs.getValueAtPercentile(99) / 1e6, 1e3));
                json.writeNumberField("p999", round(timingErrorNs.getValueAtPercentile(99.9) / 1e6, 1e3));
                json.writeNumberField("max", round(timingErrorNs.getMaxValue() / 1e6, 1e3));
                json.writeEndObject();
            }
            if (verifyRequested)
            {
                final Verification v = verification;
                json.writeObjectFieldStart("verify");
                json.writeNumberField("worldModelsRecorded", v.worldModelsRecorded());
                json.writeNumberField("worldModelsProduced", v.worldModelsProduced());
                json.writeNumberField("worldModelsCompared", v.worldModelsCompared());
                json.writeNumberField("trajectoriesRecorded", v.trajectoriesRecorded());
                json.writeNumberField("trajectoriesProduced", v.trajectoriesProduced());
                json.writeNumberField("trajectoriesCompared", v.trajectoriesCompared());
                json.writeStringField("firstDivergence", null == v.firstDivergence() ? null : v.firstDivergence().toString());
                json.writeEndObject();
            }
            else
            {
                json.writeNullField("verify");
            }
            if (null != faults)
            {
                json.writeObjectFieldStart("faults");
                json.writeStringField("injected", faults.description());
                json.writeNumberField("dropped", faults.dropped());
                json.writeNumberField("delayed", faults.delayed());
                json.writeEndObject();
            }
            json.writeBooleanField("interrupted", interrupted);
        });
    }

    static String rateName(final double rate)
    {
        return Double.isInfinite(rate) ? "max" : String.format(Locale.ROOT, "%s", rate);
    }

    private static double round(final double value, final double scale)
    {
        return Math.round(value * scale) / scale;
    }
}
