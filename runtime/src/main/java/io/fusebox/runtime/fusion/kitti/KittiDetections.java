package io.fusebox.runtime.fusion.kitti;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One class's PointRCNN detections for one sequence, as parallel arrays grouped by frame (file order
 * within a frame). Columns: {@code frame, type, x1, y1, x2, y2, score, h, w, l, x, y, z, rot_y, alpha}.
 */
public final class KittiDetections
{
    private static final int FIELDS = 15;

    private final int count;
    private final int[] frameStart;
    final double[] x1;
    final double[] y1;
    final double[] x2;
    final double[] y2;
    final double[] score;
    final double[] h;
    final double[] w;
    final double[] l;
    final double[] x;
    final double[] y;
    final double[] z;
    final double[] rotY;

    private KittiDetections(final int count, final int frameCount)
    {
        this.count = count;
        frameStart = new int[frameCount + 1];
        x1 = new double[count];
        y1 = new double[count];
        x2 = new double[count];
        y2 = new double[count];
        score = new double[count];
        h = new double[count];
        w = new double[count];
        l = new double[count];
        x = new double[count];
        y = new double[count];
        z = new double[count];
        rotY = new double[count];
    }

    /** No detections at all, for a class whose file is absent. */
    public static KittiDetections empty()
    {
        return new KittiDetections(0, 0);
    }

    /**
     * Reads a detection file, keeping the lines of the given type code.
     *
     * @throws IllegalArgumentException naming file and line for a malformed line.
     */
    public static KittiDetections read(final Path file, final int typeCode)
    {
        int capacity = 1024;
        int size = 0;
        int[] frames = new int[capacity];
        double[][] columns = new double[FIELDS][capacity];
        int maxFrame = -1;

        try (BufferedReader reader = Files.newBufferedReader(file))
        {
            String line;
            int lineNumber = 0;
            while (null != (line = reader.readLine()))
            {
                lineNumber++;
                if (line.isBlank())
                {
                    continue;
                }
                final String[] fields = line.split(",");
                if (fields.length < FIELDS)
                {
                    throw new IllegalArgumentException(
                        file + ":" + lineNumber + ": expected " + FIELDS + " comma-separated fields, got " +
                        fields.length);
                }
                final int frame;
                final int type;
                try
                {
                    frame = Integer.parseInt(fields[0].trim());
                    type = Integer.parseInt(fields[1].trim());
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": bad frame or type: " + line, ex);
                }
                if (type != typeCode)
                {
                    continue;
                }
                if (frame < 0)
                {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": negative frame " + frame);
                }
                if (size == capacity)
                {
                    capacity *= 2;
                    frames = Arrays.copyOf(frames, capacity);
                    for (int c = 0; c < FIELDS; c++)
                    {
                        columns[c] = Arrays.copyOf(columns[c], capacity);
                    }
                }
                frames[size] = frame;
                for (int c = 2; c < FIELDS; c++)
                {
                    try
                    {
                        columns[c][size] = Double.parseDouble(fields[c].trim());
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw new IllegalArgumentException(
                            file + ":" + lineNumber + ": field " + (c + 1) + " is not a number: " + fields[c], ex);
                    }
                }
                maxFrame = Math.max(maxFrame, frame);
                size++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read detections " + file, ex);
        }

        // Stable counting sort by frame, so each frame's detections are contiguous and in file order.
        final KittiDetections detections = new KittiDetections(size, maxFrame + 1);
        final int[] frameStart = detections.frameStart;
        for (int i = 0; i < size; i++)
        {
            frameStart[frames[i] + 1]++;
        }
        for (int f = 0; f < maxFrame + 1; f++)
        {
            frameStart[f + 1] += frameStart[f];
        }
        final int[] cursor = Arrays.copyOf(frameStart, maxFrame + 1);
        for (int i = 0; i < size; i++)
        {
            final int at = cursor[frames[i]]++;
            detections.x1[at] = columns[2][i];
            detections.y1[at] = columns[3][i];
            detections.x2[at] = columns[4][i];
            detections.y2[at] = columns[5][i];
            detections.score[at] = columns[6][i];
            detections.h[at] = columns[7][i];
            detections.w[at] = columns[8][i];
            detections.l[at] = columns[9][i];
            detections.x[at] = columns[10][i];
            detections.y[at] = columns[11][i];
            detections.z[at] = columns[12][i];
            detections.rotY[at] = columns[13][i];
        }
        return detections;
    }

    public int count()
    {
        return count;
    }

    /** One past the last frame that has a detection. */
    public int frameCount()
    {
        return frameStart.length - 1;
    }

    /** Index of the first detection of frame, or {@link #count()} beyond the last frame. */
    public int frameStart(final int frame)
    {
        return frame < frameStart.length - 1 ? frameStart[frame] : count;
    }

    /** One past the index of the last detection of frame. */
    public int frameEnd(final int frame)
    {
        return frame < frameStart.length - 1 ? frameStart[frame + 1] : count;
    }

    public double score(final int i)
    {
        return score[i];
    }
}
