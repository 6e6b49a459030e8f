package io.fusebox.runtime.fusion.kitti;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a KITTI tracking label or result file:
 * {@code frame track_id type truncated occluded alpha x1 y1 x2 y2 h w l x y z rot_y [score]},
 * single-space separated, 3D box in rectified camera coordinates with x y z its bottom centre.
 *
 * @param score NaN in a label file, which has 17 fields.
 */
public record KittiObject(
    int frame,
    int trackId,
    String type,
    int truncated,
    int occluded,
    double alpha,
    double x1,
    double y1,
    double x2,
    double y2,
    double h,
    double w,
    double l,
    double x,
    double y,
    double z,
    double rotY,
    double score)
{
    public static final String DONT_CARE = "DontCare";

    /**
     * Reads every line of a label or result file.
     *
     * @throws IllegalArgumentException naming file and line for a malformed line.
     */
    public static List<KittiObject> read(final Path file)
    {
        final List<KittiObject> objects = new ArrayList<>();
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
                objects.add(parse(line.trim(), file, lineNumber));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return objects;
    }

    static KittiObject parse(final String line, final Path file, final int lineNumber)
    {
        final String[] f = line.split("\\s+");
        if (f.length != 17 && f.length != 18)
        {
            throw new IllegalArgumentException(
                file + ":" + lineNumber + ": expected 17 or 18 space-separated fields, got " + f.length);
        }
        try
        {
            return new KittiObject(
                (int)Double.parseDouble(f[0]),
                (int)Double.parseDouble(f[1]),
                f[2],
                (int)Double.parseDouble(f[3]),
                (int)Double.parseDouble(f[4]),
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6]),
                Double.parseDouble(f[7]),
                Double.parseDouble(f[8]),
                Double.parseDouble(f[9]),
                Double.parseDouble(f[10]),
                Double.parseDouble(f[11]),
                Double.parseDouble(f[12]),
                Double.parseDouble(f[13]),
                Double.parseDouble(f[14]),
                Double.parseDouble(f[15]),
                Double.parseDouble(f[16]),
                f.length == 18 ? Double.parseDouble(f[17]) : Double.NaN);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + ex.getMessage() + ": " + line, ex);
        }
    }

    public boolean isDontCare()
    {
        return DONT_CARE.equals(type);
    }
}
