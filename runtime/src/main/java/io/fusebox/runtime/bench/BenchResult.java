package io.fusebox.runtime.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.runtime.drive.SummaryJson;
import io.fusebox.runtime.fusion.FusionContext;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link LatencyBench} run found: its load steps (one, or a ramp's), the highest load sustained, and the
 * summary JSON of issue 6: {@code {"load", "endToEndUs", "stagesUs", "lost", "gcPauses", "maxSustainedLoad",
 * "peer"}}, plus rates, GC time, allocation and every step of a ramp.
 */
public final class BenchResult
{
    private final BenchContext context;
    private final List<LoadStep> steps;
    private final double maxSustainedLoad;

    BenchResult(final BenchContext context, final List<LoadStep> steps, final double maxSustainedLoad)
    {
        this.context = context;
        this.steps = List.copyOf(steps);
        this.maxSustainedLoad = maxSustainedLoad;
    }

    public BenchContext context()
    {
        return context;
    }

    /**
     * @return the load steps in the order they ran; the first is at the context's load.
     */
    public List<LoadStep> steps()
    {
        return steps;
    }

    /**
     * @return the highest load whose step was sustained, 0 if none was.
     */
    public double maxSustainedLoad()
    {
        return maxSustainedLoad;
    }

    /**
     * @return true when the first step (the context's load) was sustained.
     */
    public boolean isSustained()
    {
        return !steps.isEmpty() && steps.get(0).isSustained(context.targetP99Ns());
    }

    /**
     * @return the run in a few lines: every stage of the first step, then the ramp's outcome.
     */
    public String summaryText()
    {
        final StringBuilder text = new StringBuilder();
        if (steps.isEmpty())
        {
            return "no load step ran\n";
        }
        final LoadStep first = steps.get(0);
        text.append(String.format(Locale.ROOT, "load %.1fx, %s, %.1f s measured after %.1f s warm-up:%n",
            first.load(), context.scenario(), first.measuredS(), context.warmupNs() / 1e9));
        for (final Stage stage : Stage.values())
        {
            final Histogram histogram = first.latencyNs(stage);
            text.append(String.format(Locale.ROOT, "  %-10s %s  (%d)%n", stage.jsonName(),
                LatencyBench.percentiles(histogram), histogram.getTotalCount()));
        }
        text.append(String.format(Locale.ROOT,
            "  %.0f msg/s, %.1f MB/s in; %.1f world models/s, %.1f trajectories/s; lost %d; controlled stops %d; " +
            "world models held past their tick %d%n",
            first.messagesPerS(), first.bytesPerS() / 1e6, first.worldModelsPerS(), first.trajectoriesPerS(),
            first.lost(), first.controlledStops(), first.heldPastTick()));
        if (null != first.jvm())
        {
            text.append(String.format(Locale.ROOT, "  GC %d collections, %d ms; allocation %.3f MB/s; bytes by thread:",
                first.jvm().gcCount(), first.jvm().gcTimeMs(), first.jvm().allocatedBytes() / first.measuredS() / 1e6));
            first.jvm().byThread().forEach((thread, bytes) ->
            {
                if (0 != bytes)
                {
                    text.append(' ').append(thread).append(' ').append(bytes);
                }
            });
            text.append(System.lineSeparator());
        }
        text.append(String.format(Locale.ROOT, "max sustained load (end-to-end p99 <= %s, nothing lost): %.1fx%n",
            DriveReport.micros(context.targetP99Ns()), maxSustainedLoad));
        return text.toString();
    }

    static String stepLine(final LoadStep step, final boolean sustained)
    {
        return String.format(Locale.ROOT, "load %4.1fx: end to end %s | %.0f msg/s %.1f MB/s | lost %d | %s",
            step.load(), LatencyBench.percentiles(step.latencyNs(Stage.END_TO_END)), step.messagesPerS(),
            step.bytesPerS() / 1e6, step.lost(), sustained ? "sustained" : "NOT sustained");
    }

    /**
     * Writes the summary JSON.
     */
    public void writeJson(final Path file) throws IOException
    {
        SummaryJson.write(file, json ->
        {
            final LoadStep first = steps.isEmpty() ? null : steps.get(0);
            json.writeNumberField("load", context.load());
            if (null != first)
            {
                json.writeObjectFieldStart("endToEndUs");
                DriveReport.writePercentiles(json, first.latencyNs(Stage.END_TO_END));
                json.writeEndObject();
                json.writeObjectFieldStart("stagesUs");
                for (final Stage stage : new Stage[]{ Stage.SEQUENCER, Stage.FUSION, Stage.PLANNER })
                {
                    json.writeObjectFieldStart(stage.jsonName());
                    DriveReport.writePercentiles(json, first.latencyNs(stage));
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeNumberField("lost", first.lost());
                json.writeNumberField("gcPauses", null == first.jvm() ? -1 : first.jvm().gcCount());
            }
            json.writeNumberField("maxSustainedLoad", maxSustainedLoad);
            writePeer(json);

            json.writeStringField("scenario", context.scenario());
            json.writeNumberField("seed", context.seed());
            json.writeStringField("profile", context.profile().name().toLowerCase(Locale.ROOT));
            json.writeNumberField("warmupS", context.warmupNs() / 1e9);
            json.writeNumberField("targetP99Us", context.targetP99Ns() / 1e3);
            json.writeNumberField("reorderWindowUs", new FusionContext().reorderWindowNs() / 1e3);
            json.writeBooleanField("ramp", context.ramp());
            json.writeNumberField("availableProcessors", Runtime.getRuntime().availableProcessors());
            json.writeArrayFieldStart("steps");
            for (final LoadStep step : steps)
            {
                writeStep(json, step);
            }
            json.writeEndArray();
        });
    }

    private void writeStep(final JsonGenerator json, final LoadStep step) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("load", step.load());
        json.writeBooleanField("sustained", step.isSustained(context.targetP99Ns()));
        json.writeNumberField("measuredS", round3(step.measuredS()));
        json.writeObjectFieldStart("latencyUs");
        for (final Stage stage : Stage.values())
        {
            json.writeObjectFieldStart(stage.jsonName());
            DriveReport.writePercentiles(json, step.latencyNs(stage));
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeNumberField("messagesPerS", round3(step.messagesPerS()));
        json.writeNumberField("bytesPerS", Math.round(step.bytesPerS()));
        json.writeNumberField("worldModelsPerS", round3(step.worldModelsPerS()));
        json.writeNumberField("trajectoriesPerS", round3(step.trajectoriesPerS()));
        json.writeObjectFieldStart("lost");
        json.writeNumberField("total", step.lost());
        json.writeNumberField("sensorDropped", step.sensorDropped());
        json.writeNumberField("sensorGaps", step.sensorGaps());
        json.writeNumberField("fusionInputGaps", step.fusionInputGaps());
        json.writeNumberField("lateInputs", step.lateInputs());
        json.writeNumberField("worldModelGaps", step.worldModelGaps());
        json.writeNumberField("trajectoryGaps", step.trajectoryGaps());
        json.writeEndObject();
        json.writeNumberField("controlledStops", step.controlledStops());
        json.writeNumberField("heldPastTick", step.heldPastTick());
        json.writeNumberField("repeatedTrajectories", step.repeatedTrajectories());
        json.writeNumberField("errors", step.errors());
        if (null != step.jvm())
        {
            json.writeNumberField("gcCount", step.jvm().gcCount());
            json.writeNumberField("gcTimeMs", step.jvm().gcTimeMs());
            json.writeNumberField("heapUsedAtStartBytes", step.jvm().heapUsedAtStart());
            json.writeNumberField("heapUsedGrowthBytes", step.jvm().heapUsedGrowth());
            json.writeNumberField("allocatedBytes", step.jvm().allocatedBytes());
            json.writeNumberField("allocationBytesPerS", Math.round(step.jvm().allocatedBytes() / step.measuredS()));
            json.writeObjectFieldStart("allocatedBytesByThread");
            for (final java.util.Map.Entry<String, Long> thread : step.jvm().byThread().entrySet())
            {
                json.writeNumberField(thread.getKey(), thread.getValue());
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /**
     * Copies the peer script's {@code name}, {@code p99RatioSmall} and {@code p99Ratio64k} (and its other numbers)
     * into {@code peer}; null when no peer summary was given.
     */
    private void writePeer(final JsonGenerator json) throws IOException
    {
        json.writeFieldName("peer");
        if (null == context.peerSummary())
        {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        try (JsonParser parser = new JsonFactory().createParser(context.peerSummary().toFile()))
        {
            if (JsonToken.START_OBJECT != parser.nextToken())
            {
                throw new IOException(context.peerSummary() + ": not a JSON object");
            }
            while (JsonToken.FIELD_NAME == parser.nextToken())
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (JsonToken.VALUE_STRING == value)
                {
                    json.writeStringField(name, parser.getText());
                }
                else if (value.isNumeric())
                {
                    json.writeNumberField(name, parser.getDoubleValue());
                }
                else
                {
                    parser.skipChildren();
                }
            }
        }
        json.writeEndObject();
    }

    private static double round3(final double value)
    {
        return Math.round(value * 1000) / 1000.0;
    }
}
