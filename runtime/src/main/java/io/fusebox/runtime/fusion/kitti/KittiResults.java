package io.fusebox.runtime.fusion.kitti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Result lines of one sequence held as primitive columns, so that tracking fills them without
 * formatting text; they grow while the first pass runs and are reused after {@link #clear()}.
 */
public final class KittiResults
{
    private static final int COLUMNS = 13;

    private int size;
    private int[] frame = new int[1024];
    private int[] trackId = new int[1024];
    private KittiClass[] kittiClass = new KittiClass[1024];
    private double[][] values = new double[COLUMNS][1024];

    public void clear()
    {
        size = 0;
    }

    public int size()
    {
        return size;
    }

    void add(
        final int frame, final int trackId, final KittiClass kittiClass, final double alpha,
        final double x1, final double y1, final double x2, final double y2,
        final double h, final double w, final double l,
        final double x, final double y, final double z, final double rotY, final double score)
    {
        if (size == this.frame.length)
        {
            final int capacity = 2 * size;
            this.frame = Arrays.copyOf(this.frame, capacity);
            this.trackId = Arrays.copyOf(this.trackId, capacity);
            this.kittiClass = Arrays.copyOf(this.kittiClass, capacity);
            for (int c = 0; c < COLUMNS; c++)
            {
                values[c] = Arrays.copyOf(values[c], capacity);
            }
        }
        final int i = size++;
        this.frame[i] = frame;
        this.trackId[i] = trackId;
        this.kittiClass[i] = kittiClass;
        values[0][i] = alpha;
        values[1][i] = x1;
        values[2][i] = y1;
        values[3][i] = x2;
        values[4][i] = y2;
        values[5][i] = h;
        values[6][i] = w;
        values[7][i] = l;
        values[8][i] = x;
        values[9][i] = y;
        values[10][i] = z;
        values[11][i] = rotY;
        values[12][i] = score;
    }

    public int frame(final int i)
    {
        return frame[i];
    }

    public int trackId(final int i)
    {
        return trackId[i];
    }

    public KittiClass kittiClass(final int i)
    {
        return kittiClass[i];
    }

    /**
     * The lines as objects, as {@link KittiObject#read} would return them from the written file
     * (before rounding to six decimals).
     */
    public List<KittiObject> toObjects()
    {
        final List<KittiObject> objects = new ArrayList<>(size);
        for (int i = 0; i < size; i++)
        {
            objects.add(new KittiObject(
                frame[i], trackId[i], kittiClass[i].labelName(), 0, 0, values[0][i],
                values[1][i], values[2][i], values[3][i], values[4][i],
                values[5][i], values[6][i], values[7][i],
                values[8][i], values[9][i], values[10][i], values[11][i], values[12][i]));
        }
        return objects;
    }

    /**
     * Writes every line in the KITTI tracking result format, 18 single-space-separated fields:
     * {@code frame track_id type 0 0 alpha x1 y1 x2 y2 h w l x y z rot_y score}.
     */
    public void write(final Path file)
    {
        try (Writer writer = Files.newBufferedWriter(file))
        {
            write(writer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    public void write(final Appendable out) throws IOException
    {
        final StringBuilder line = new StringBuilder(160);
        for (int i = 0; i < size; i++)
        {
            line.setLength(0);
            line.append(frame[i]).append(' ').append(trackId[i]).append(' ')
                .append(kittiClass[i].labelName()).append(" 0 0");
            for (int c = 0; c < COLUMNS; c++)
            {
                line.append(' ');
                appendFixed(line, values[c][i]);
            }
            line.append('\n');
            out.append(line);
        }
    }

    /**
     * Six decimals, the precision KITTI files carry, formatted without Locale or String.format so
     * that the same values always give the same bytes.
     */
    static void appendFixed(final StringBuilder out, final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException("not a finite value: " + value);
        }
        long scaled = Math.round(Math.abs(value) * 1_000_000.0);
        if (value < 0.0 && scaled != 0)
        {
            out.append('-');
        }
        final long whole = scaled / 1_000_000L;
        final long fraction = scaled % 1_000_000L;
        out.append(whole).append('.');
        final String digits = Long.toString(fraction);
        for (int pad = digits.length(); pad < 6; pad++)
        {
            out.append('0');
        }
        out.append(digits);
    }
}
