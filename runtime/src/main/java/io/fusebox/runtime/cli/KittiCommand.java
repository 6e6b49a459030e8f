package io.fusebox.runtime.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.fusebox.runtime.drive.SummaryJson;
import io.fusebox.runtime.fusion.evaluation.ClearMotResult;
import io.fusebox.runtime.fusion.evaluation.EvaluationSettings;
import io.fusebox.runtime.fusion.kitti.KittiClass;
import io.fusebox.runtime.fusion.kitti.KittiEvaluation;
import io.fusebox.runtime.fusion.kitti.KittiObject;
import io.fusebox.runtime.fusion.kitti.KittiResults;
import io.fusebox.runtime.fusion.kitti.KittiSequence;
import io.fusebox.runtime.fusion.kitti.KittiSequenceTracker;
import io.fusebox.runtime.fusion.kitti.KittiTrackingContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs KITTI tracking detections through the fusion tracker, writes KITTI result files, scores them
 * against labels when given, and measures the tracker's speed.
 */
@Command(name = "kitti", mixinStandardHelpOptions = true,
    description = "Track KITTI 3D detections with the fusion tracker; write <seq>.txt results, score them " +
        "(CLEAR-MOT at 3D IoU 0.25) when --labels is given, and report tracker frames/s on one core.")
public final class KittiCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--detections", required = true, paramLabel = "DIR",
        description = "detections folder holding pointrcnn_Car, pointrcnn_Pedestrian, pointrcnn_Cyclist")
    Path detections;

    @Option(names = "--calib", required = true, paramLabel = "DIR", description = "calibration folder, <seq>.txt")
    Path calibration;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write <seq>.txt results")
    Path out;

    @Option(names = "--labels", paramLabel = "DIR", description = "KITTI tracking labels, <seq>.txt: score the results")
    Path labels;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "write the scores and speed as JSON")
    Path summaryJson;

    @Option(names = "--sequences", split = ",", paramLabel = "SEQ",
        description = "sequences to run, e.g. 0000,0002 (default: every sequence with detections)")
    List<String> sequences;

    // The devkit's rule is the default: the published figures (AB3DMOT's included) are scored with it.
    @Option(names = "--keep-previous-matches", description = "keep last frame's still-valid matches before " +
        "solving the rest (CLEAR-MOT as Bernardin and Stiefelhagen define it) instead of matching each frame " +
        "afresh as the KITTI devkit does")
    boolean keepPreviousMatches;

    @Option(names = "--timed-passes", paramLabel = "N", defaultValue = "10",
        description = "timed passes over all sequences for the speed figure (default: ${DEFAULT-VALUE})")
    int timedPasses;

    @Option(names = "--warmup-passes", paramLabel = "N", defaultValue = "10",
        description = "untimed passes first, so the JIT has compiled the tracker (default: ${DEFAULT-VALUE})")
    int warmupPasses;

    public Integer call()
    {
        final PrintWriter stdout = spec.commandLine().getOut();
        requireDirectory(detections, "--detections");
        requireDirectory(calibration, "--calib");
        if (null != labels)
        {
            requireDirectory(labels, "--labels");
        }
        if (timedPasses < 1 || warmupPasses < 0)
        {
            throw new IllegalArgumentException("--timed-passes must be >= 1 and --warmup-passes >= 0");
        }

        final List<String> names = null == sequences || sequences.isEmpty() ?
            KittiSequence.names(detections) : List.copyOf(sequences);
        if (names.isEmpty())
        {
            throw new IllegalArgumentException("no sequences found under " + detections);
        }

        final Map<String, List<KittiObject>> labelObjects = new LinkedHashMap<>();
        final List<KittiSequence> loaded = new ArrayList<>();
        int frames = 0;
        for (final String name : names)
        {
            int labelFrames = 0;
            if (null != labels)
            {
                final Path labelFile = labels.resolve(name + ".txt");
                if (!Files.isRegularFile(labelFile))
                {
                    throw new IllegalArgumentException("no labels for sequence " + name + ": " + labelFile);
                }
                final List<KittiObject> objects = KittiObject.read(labelFile);
                labelObjects.put(name, objects);
                for (final KittiObject object : objects)
                {
                    labelFrames = Math.max(labelFrames, object.frame() + 1);
                }
            }
            final KittiSequence sequence = KittiSequence.load(detections, calibration, name, labelFrames);
            loaded.add(sequence);
            frames += sequence.frameCount();
        }

        final KittiTrackingContext context = new KittiTrackingContext().conclude();
        final KittiSequenceTracker tracker = new KittiSequenceTracker(context);
        final KittiResults results = new KittiResults();
        createDirectories(out);
        for (final KittiSequence sequence : loaded)
        {
            results.clear();
            tracker.run(sequence, results);
            results.write(out.resolve(sequence.name() + ".txt"));
        }

        final double framesPerSecond = measureSpeed(tracker, loaded, results, frames);

        stdout.printf(Locale.ROOT, "kitti: %d sequences, %d frames, classes Car Pedestrian Cyclist; results in %s%n",
            loaded.size(), frames, out);

        final Map<KittiClass, ClearMotResult> scores = new EnumMap<>(KittiClass.class);
        if (null != labels)
        {
            // Score the files as written, so what is evaluated is exactly what was published.
            final Map<String, List<KittiObject>> written = new LinkedHashMap<>();
            for (final String name : names)
            {
                written.put(name, KittiObject.read(out.resolve(name + ".txt")));
            }
            final EvaluationSettings settings = EvaluationSettings.kitti(keepPreviousMatches);
            for (final KittiClass kittiClass : KittiClass.values())
            {
                scores.put(kittiClass, KittiEvaluation.evaluate(kittiClass, labelObjects, written, settings));
            }
            printScores(stdout, scores);
        }

        stdout.printf(Locale.ROOT, "tracker speed: %.0f frames/s on one core (tracking only: batches, association, " +
            "filters and result records for all 3 classes per frame; file I/O and text formatting excluded; " +
            "mean of %d timed passes after %d warm-up passes)%n", framesPerSecond, timedPasses, warmupPasses);

        if (null != summaryJson)
        {
            writeSummary(names, frames, scores, framesPerSecond);
        }
        stdout.flush();
        return 0;
    }

    private double measureSpeed(
        final KittiSequenceTracker tracker, final List<KittiSequence> sequences, final KittiResults results,
        final int frames)
    {
        for (int pass = 0; pass < warmupPasses; pass++)
        {
            runAll(tracker, sequences, results);
        }
        final long start = System.nanoTime();
        for (int pass = 0; pass < timedPasses; pass++)
        {
            runAll(tracker, sequences, results);
        }
        final long elapsedNs = System.nanoTime() - start;
        return frames * (double)timedPasses / (elapsedNs / 1e9);
    }

    private static void runAll(
        final KittiSequenceTracker tracker, final List<KittiSequence> sequences, final KittiResults results)
    {
        for (final KittiSequence sequence : sequences)
        {
            results.clear();
            tracker.run(sequence, results);
        }
    }

    private static void printScores(final PrintWriter stdout, final Map<KittiClass, ClearMotResult> scores)
    {
        stdout.printf(Locale.ROOT, "%-11s %8s %8s %6s %6s %6s %6s %7s %7s%n",
            "class", "MOTA", "MOTP", "IDS", "FRAG", "FP", "FN", "TP", "GT");
        for (final Map.Entry<KittiClass, ClearMotResult> entry : scores.entrySet())
        {
            final ClearMotResult r = entry.getValue();
            stdout.printf(Locale.ROOT, "%-11s %8.4f %8.4f %6d %6d %6d %6d %7d %7d%n",
                entry.getKey().labelName(), r.mota(), r.motp(), r.idSwitches(), r.fragmentations(),
                r.falsePositives(), r.falseNegatives(), r.truePositives(), r.groundTruth());
        }
    }

    private void writeSummary(
        final List<String> names, final int frames, final Map<KittiClass, ClearMotResult> scores,
        final double framesPerSecond)
    {
        try
        {
            SummaryJson.write(summaryJson, json ->
            {
                json.writeArrayFieldStart("sequences");
                for (final String name : names)
                {
                    json.writeString(name);
                }
                json.writeEndArray();
                json.writeNumberField("frames", frames);
                json.writeStringField("results", out.toString());
                if (!scores.isEmpty())
                {
                    json.writeStringField("matching", keepPreviousMatches ? "clear-mot" : "devkit");
                    json.writeNumberField("minIou", 0.25);
                    json.writeObjectFieldStart("classes");
                    for (final Map.Entry<KittiClass, ClearMotResult> entry : scores.entrySet())
                    {
                        final ClearMotResult r = entry.getValue();
                        json.writeObjectFieldStart(entry.getKey().labelName());
                        writeNumber(json, "mota", r.mota());
                        writeNumber(json, "motp", r.motp());
                        json.writeNumberField("ids", r.idSwitches());
                        json.writeNumberField("frag", r.fragmentations());
                        json.writeNumberField("fp", r.falsePositives());
                        json.writeNumberField("fn", r.falseNegatives());
                        json.writeNumberField("tp", r.truePositives());
                        json.writeNumberField("gt", r.groundTruth());
                        json.writeNumberField("mostlyTracked", r.mostlyTracked());
                        json.writeNumberField("mostlyLost", r.mostlyLost());
                        json.writeEndObject();
                    }
                    json.writeEndObject();
                }
                json.writeObjectFieldStart("speed");
                writeNumber(json, "framesPerSecond", framesPerSecond);
                json.writeNumberField("threads", 1);
                json.writeNumberField("warmupPasses", warmupPasses);
                json.writeNumberField("timedPasses", timedPasses);
                json.writeStringField("measures", "tracking only, all 3 classes per frame, no file I/O");
                json.writeEndObject();
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + summaryJson, ex);
        }
    }

    private static void writeNumber(final JsonGenerator json, final String name, final double value) throws IOException
    {
        if (Double.isFinite(value))
        {
            json.writeNumberField(name, value);
        }
        else
        {
            json.writeNullField(name);
        }
    }

    private static void requireDirectory(final Path directory, final String option)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException(option + " is not a directory: " + directory);
        }
    }

    private static void createDirectories(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + directory, ex);
        }
    }
}
