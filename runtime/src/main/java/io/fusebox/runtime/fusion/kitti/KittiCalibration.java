package io.fusebox.runtime.fusion.kitti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The left colour camera's projection P2 of one KITTI sequence, from rectified camera coordinates
 * (x right, y down, z forward, m) to image pixels.
 */
public final class KittiCalibration
{
    /** Nearest depth a box corner may have for its projection to mean anything, m. */
    static final double MIN_DEPTH = 0.1;

    private final double[] projection;

    public KittiCalibration(final double[] projection)
    {
        if (projection.length != 12)
        {
            throw new IllegalArgumentException("P2 needs 12 values, got " + projection.length);
        }
        this.projection = projection.clone();
    }

    /**
     * Reads P2 from a KITTI tracking calib file ({@code P2: 12 numbers}, or {@code P2 12 numbers}).
     */
    public static KittiCalibration read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read calibration " + file, ex);
        }
        for (int lineNumber = 0; lineNumber < lines.size(); lineNumber++)
        {
            final String line = lines.get(lineNumber).trim();
            if (line.startsWith("P2:") || line.startsWith("P2 "))
            {
                final String[] fields = line.substring(3).trim().split("\\s+");
                if (fields.length != 12)
                {
                    throw new IllegalArgumentException(
                        file + ":" + (lineNumber + 1) + ": P2 needs 12 values, got " + fields.length);
                }
                final double[] values = new double[12];
                for (int i = 0; i < 12; i++)
                {
                    values[i] = Double.parseDouble(fields[i]);
                }
                return new KittiCalibration(values);
            }
        }
        throw new IllegalArgumentException(file + ": no P2 line");
    }

    public double projection(final int row, final int column)
    {
        return projection[row * 4 + column];
    }

    /**
     * Image box of a 3D box: the bounds of its eight projected corners, clipped to the image.
     *
     * @param out receives x1, y1, x2, y2 in px.
     * @return the fraction of the unclipped box's area inside the image: 0 when a corner lies behind
     * the camera or the box falls outside the image, so that there is no meaningful image box.
     */
    public double imageBox(
        final double h, final double w, final double l,
        final double x, final double y, final double z, final double rotY,
        final double imageWidth, final double imageHeight,
        final double[] out)
    {
        final double cos = Math.cos(rotY);
        final double sin = Math.sin(rotY);
        double minU = Double.POSITIVE_INFINITY;
        double minV = Double.POSITIVE_INFINITY;
        double maxU = Double.NEGATIVE_INFINITY;
        double maxV = Double.NEGATIVE_INFINITY;
        for (int corner = 0; corner < 8; corner++)
        {
            // Object frame: x along the length, y down from the bottom face, z along the width.
            final double ox = ((corner & 1) == 0 ? 0.5 : -0.5) * l;
            final double oz = ((corner & 2) == 0 ? 0.5 : -0.5) * w;
            final double oy = (corner & 4) == 0 ? 0.0 : -h;
            final double cx = x + cos * ox + sin * oz;
            final double cy = y + oy;
            final double cz = z - sin * ox + cos * oz;
            if (cz < MIN_DEPTH)
            {
                return 0.0;
            }
            final double u = projection[0] * cx + projection[1] * cy + projection[2] * cz + projection[3];
            final double v = projection[4] * cx + projection[5] * cy + projection[6] * cz + projection[7];
            final double s = projection[8] * cx + projection[9] * cy + projection[10] * cz + projection[11];
            minU = Math.min(minU, u / s);
            maxU = Math.max(maxU, u / s);
            minV = Math.min(minV, v / s);
            maxV = Math.max(maxV, v / s);
        }

        out[0] = Math.max(0.0, minU);
        out[1] = Math.max(0.0, minV);
        out[2] = Math.min(imageWidth - 1.0, maxU);
        out[3] = Math.min(imageHeight - 1.0, maxV);
        if (!(out[2] > out[0] && out[3] > out[1]))
        {
            return 0.0;
        }
        return (out[2] - out[0]) * (out[3] - out[1]) / ((maxU - minU) * (maxV - minV));
    }
}
