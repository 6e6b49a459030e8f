package io.fusebox.runtime.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.replay.inspect.DriveLogInspection;
import io.fusebox.replay.inspect.SensorFigures;
import io.fusebox.replay.inspect.StreamFigures;
import io.fusebox.replay.log.DriveLogException;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fusebox info DRIVE}: what a drive log holds, and whether it is whole.
 */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show what a drive log holds: duration, size, schema and software version, per-stream and " +
        "per-sensor message counts, rates, gaps, drops and bytes, and whether the log is torn (no end marker: " +
        "the recording process died).")
final class InfoCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DRIVE", description = "the drive log's folder")
    Path drive;

    @Option(names = "--json", description = "print the figures as JSON")
    boolean json;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final DriveLogInspection inspection;
        try
        {
            inspection = DriveLogInspection.inspect(drive);
        }
        catch (final DriveLogException ex)
        {
            spec.commandLine().getErr().println("fusebox: " + ex.getMessage());
            return FuseboxCommand.EXIT_CONFIG;
        }
        if (json)
        {
            writeJson(inspection, out);
        }
        else
        {
            out.print(text(inspection));
        }
        out.flush();
        return 0;
    }

    static String text(final DriveLogInspection inspection)
    {
        final DriveLogHeader header = inspection.header();
        final StringBuilder text = new StringBuilder(2048);
        text.append(String.format(Locale.ROOT, "drive log   %s%n", inspection.directory()));
        text.append(String.format(Locale.ROOT, "scenario    %s, seed %d, rig %s%n",
            header.scenario(), header.seed(), inspection.rigName()));
        text.append(String.format(Locale.ROOT, "recorded    %s by fusebox %s; schema %d version %d; log format %d%n",
            instant(header.startTimeNs()), header.softwareVersion(), header.schemaId(), header.schemaVersion(),
            header.formatVersion()));
        text.append(String.format(Locale.ROOT, "duration    %.3f s (first to last fusion input)%n", inspection.durationS()));
        text.append(String.format(Locale.ROOT, "size        %s on disk, %d messages%n",
            bytes(inspection.sizeOnDisk()), inspection.totalMessages()));
        text.append(String.format(Locale.ROOT, "state       %s%n", state(inspection)));
        text.append(String.format(Locale.ROOT, "%nstream         messages        bytes   dropped%n"));
        for (final StreamFigures stream : inspection.streams())
        {
            text.append(String.format(Locale.ROOT, "%-13s %9d %12s %9d%n",
                stream.stream().label(), stream.messages(), bytes(stream.bytes()), stream.dropped()));
        }
        text.append(String.format(Locale.ROOT, "%n  id  sensor                    kind           messages    rate/s   gaps  late        bytes%n"));
        for (final SensorFigures sensor : inspection.sensors())
        {
            text.append(String.format(Locale.ROOT, "%4d  %-25s %-13s %9d %9.2f %6d %5d %12s%n",
                sensor.sensorId(), sensor.name(), sensor.kind(), sensor.messages(), sensor.ratePerSecond(),
                sensor.gaps(), sensor.outOfOrder(), bytes(sensor.bytes())));
        }
        text.append(String.format(Locale.ROOT, "%nfusion-input global sequence gaps: %d; malformed entries: %d%s%n",
            inspection.globalSequenceGaps(), inspection.malformedEntries(),
            inspection.malformedByReason().isEmpty() ? "" : " " + inspection.malformedByReason()));
        return text.toString();
    }

    static void writeJson(final DriveLogInspection inspection, final PrintWriter out) throws IOException
    {
        final DriveLogHeader header = inspection.header();
        try (JsonGenerator json = new JsonFactory().createGenerator(out))
        {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("drive", inspection.directory().toString());
            json.writeStringField("scenario", header.scenario());
            json.writeNumberField("seed", header.seed());
            json.writeStringField("rig", inspection.rigName());
            json.writeStringField("softwareVersion", header.softwareVersion());
            json.writeNumberField("schemaId", header.schemaId());
            json.writeNumberField("schemaVersion", header.schemaVersion());
            json.writeNumberField("formatVersion", header.formatVersion());
            json.writeStringField("startTime", instant(header.startTimeNs()).toString());
            json.writeNumberField("startTimeNs", header.startTimeNs());
            json.writeNumberField("firstFusionInputNs", inspection.firstFusionInputNs());
            json.writeNumberField("lastFusionInputNs", inspection.lastFusionInputNs());
            json.writeNumberField("durationS", inspection.durationS());
            json.writeNumberField("sizeBytes", inspection.sizeOnDisk());
            json.writeNumberField("messages", inspection.totalMessages());
            json.writeBooleanField("torn", inspection.isTorn());
            json.writeStringField("tail", inspection.tail().name().toLowerCase(Locale.ROOT));
            json.writeStringField("endReason", null == inspection.end() ? null :
                inspection.end().reason().name().toLowerCase(Locale.ROOT));
            json.writeArrayFieldStart("streams");
            for (final StreamFigures stream : inspection.streams())
            {
                json.writeStartObject();
                json.writeStringField("stream", stream.stream().label());
                json.writeNumberField("messages", stream.messages());
                json.writeNumberField("bytes", stream.bytes());
                json.writeNumberField("dropped", stream.dropped());
                json.writeNumberField("firstLogTimeNs", stream.firstLogTimeNs());
                json.writeNumberField("lastLogTimeNs", stream.lastLogTimeNs());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("sensors");
            for (final SensorFigures sensor : inspection.sensors())
            {
                json.writeStartObject();
                json.writeNumberField("id", sensor.sensorId());
                json.writeStringField("name", sensor.name());
                json.writeStringField("kind", sensor.kind());
                json.writeNumberField("messages", sensor.messages());
                json.writeNumberField("ratePerSecond", Math.round(sensor.ratePerSecond() * 1000) / 1000.0);
                json.writeNumberField("gaps", sensor.gaps());
                json.writeNumberField("outOfOrder", sensor.outOfOrder());
                json.writeNumberField("bytes", sensor.bytes());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("globalSequenceGaps", inspection.globalSequenceGaps());
            json.writeNumberField("malformedEntries", inspection.malformedEntries());
            json.writeObjectFieldStart("malformedByReason");
            for (final Map.Entry<String, Long> reason : inspection.malformedByReason().entrySet())
            {
                json.writeNumberField(reason.getKey(), reason.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        out.println();
    }

    private static String state(final DriveLogInspection inspection)
    {
        final DriveLogTail tail = inspection.tail();
        switch (tail)
        {
            case COMPLETE:
                return "complete (end marker: " + inspection.end().reason().name().toLowerCase(Locale.ROOT) + ")";
            case TORN_AT_ENTRY_BOUNDARY:
                return "TORN: no end marker (the recording process died); readable up to its last entry";
            case TORN_MID_ENTRY:
                return "TORN: no end marker, and a partly written entry after the last whole one (left unread)";
            default:
                return tail.name();
        }
    }

    private static Instant instant(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    private static String bytes(final long bytes)
    {
        if (bytes >= 1L << 30)
        {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double)(1L << 30));
        }
        if (bytes >= 1L << 20)
        {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double)(1L << 20));
        }
        if (bytes >= 1L << 10)
        {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }
}
