package io.fusebox.runtime.fusion.kitti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One KITTI tracking sequence in memory: its calibration and each class's detections.
 */
public final class KittiSequence
{
    private final String name;
    private final KittiCalibration calibration;
    private final KittiDetections[] detections;
    private final int frameCount;

    public KittiSequence(
        final String name, final KittiCalibration calibration, final KittiDetections[] detections, final int frameCount)
    {
        if (detections.length != KittiClass.values().length)
        {
            throw new IllegalArgumentException("one detection set per class expected, got " + detections.length);
        }
        this.name = name;
        this.calibration = calibration;
        this.detections = detections.clone();
        int frames = frameCount;
        for (final KittiDetections classDetections : detections)
        {
            frames = Math.max(frames, classDetections.frameCount());
        }
        this.frameCount = frames;
    }

    /**
     * Loads {@code <detections>/pointrcnn_<Class>/<name>.txt} for each class (absent file: no
     * detections of that class) and {@code <calib>/<name>.txt}.
     *
     * @param minFrameCount frames to run at least, e.g. from the labels, beyond the last detection.
     */
    public static KittiSequence load(
        final Path detectionsDirectory, final Path calibrationDirectory, final String name, final int minFrameCount)
    {
        final KittiDetections[] detections = new KittiDetections[KittiClass.values().length];
        for (final KittiClass kittiClass : KittiClass.values())
        {
            final Path file = detectionsDirectory.resolve(kittiClass.detectionDirectory()).resolve(name + ".txt");
            detections[kittiClass.ordinal()] = Files.isRegularFile(file) ?
                KittiDetections.read(file, kittiClass.detectionCode()) : KittiDetections.empty();
        }
        final Path calibrationFile = calibrationDirectory.resolve(name + ".txt");
        if (!Files.isRegularFile(calibrationFile))
        {
            throw new IllegalArgumentException("no calibration for sequence " + name + ": " + calibrationFile);
        }
        return new KittiSequence(name, KittiCalibration.read(calibrationFile), detections, minFrameCount);
    }

    /**
     * Names of the sequences with a detection file for any class, in order.
     */
    public static List<String> names(final Path detectionsDirectory)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final KittiClass kittiClass : KittiClass.values())
        {
            final Path directory = detectionsDirectory.resolve(kittiClass.detectionDirectory());
            if (!Files.isDirectory(directory))
            {
                continue;
            }
            try (Stream<Path> files = Files.list(directory))
            {
                files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".txt"))
                    .forEach(file -> names.add(file.substring(0, file.length() - 4)));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot list " + directory, ex);
            }
        }
        return List.copyOf(names);
    }

    public String name()
    {
        return name;
    }

    public KittiCalibration calibration()
    {
        return calibration;
    }

    public KittiDetections detections(final KittiClass kittiClass)
    {
        return detections[kittiClass.ordinal()];
    }

    public int frameCount()
    {
        return frameCount;
    }
}
