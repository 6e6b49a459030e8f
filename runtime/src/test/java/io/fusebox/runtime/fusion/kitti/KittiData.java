package io.fusebox.runtime.fusion.kitti;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Finds the shared KITTI tracking data: the {@code fusebox.kitti.data} system property, else the
 * first {@code shared/data/kitti-tracking} in the working directory or one of its parents.
 */
public final class KittiData
{
    private KittiData()
    {
    }

    /**
     * @return the data folder; the calling test is skipped, not failed, when there is none.
     */
    public static Path root()
    {
        final String property = System.getProperty("fusebox.kitti.data");
        if (null != property)
        {
            final Path path = Paths.get(property);
            assumeTrue(Files.isDirectory(path), "no KITTI data at " + path);
            return path;
        }
        for (Path directory = Paths.get("").toAbsolutePath(); null != directory; directory = directory.getParent())
        {
            final Path candidate = directory.resolve("shared").resolve("data").resolve("kitti-tracking");
            if (Files.isDirectory(candidate.resolve("detections")))
            {
                return candidate;
            }
        }
        assumeTrue(false, "no shared/data/kitti-tracking above " + Paths.get("").toAbsolutePath());
        return null;
    }
}
