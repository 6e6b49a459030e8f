package io.fusebox.replay.log;

import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.rig.RigLoader;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.SystemUtil;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Configuration of a {@link DriveLogWriter}: where the drive's folder goes, what the header says, how
 * the queue rolls and how large the log may grow. Defaults come from system properties where a person
 * would tune them; {@link #conclude()} validates, derives the folder, and fails naming the field.
 */
public final class DriveLogContext
{
    /** Folder that holds one folder per drive. */
    public static final String ROOT_DIRECTORY_PROP_NAME = "fusebox.drives.dir";
    public static final String ROOT_DIRECTORY_DEFAULT = "drives";

    /** Size cap of one drive log, e.g. 64g; when reached, recording stops (see {@link DriveLogWriter}). */
    public static final String MAX_BYTES_PROP_NAME = "fusebox.drive.log.max.bytes";
    public static final long MAX_BYTES_DEFAULT = 64L * 1024 * 1024 * 1024;

    /** Chronicle roll cycle by name, e.g. FAST_HOURLY, TEN_MINUTELY. */
    public static final String ROLL_CYCLE_PROP_NAME = "fusebox.drive.log.roll.cycle";
    public static final RollCycle ROLL_CYCLE_DEFAULT = RollCycles.FAST_HOURLY;

    /** Chronicle maps a cycle file in blocks of this size; an entry must fit in a quarter of one. */
    /** Bytes Chronicle maps at a time, a power of two, e.g. 1m; small logs (a test fixture) take up less. */
    public static final String BLOCK_SIZE_PROP_NAME = "fusebox.drive.log.block.size";
    public static final long BLOCK_SIZE_DEFAULT = 64L * 1024 * 1024;
    public static final long MIN_BLOCK_SIZE = 1024 * 1024;

    /** Smallest cap accepted: the header, an end marker and some room to record. */
    public static final long MIN_MAX_BYTES = 1024 * 1024;

    private static final DateTimeFormatter FOLDER_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private boolean isConcluded;
    private Path rootDirectory;
    private Path directory;
    private String scenario = "drive";
    private long seed;
    private String rigSource;
    private String rigText;
    private String softwareVersion;
    private long startTimeNs = Long.MIN_VALUE;
    private RollCycle rollCycle;
    private long maxBytes = -1;
    private long blockSize = -1;
    private TimeProvider timeProvider;

    /**
     * Validates and derives; {@link DriveLogWriter#open(DriveLogContext)} calls it.
     *
     * @return this.
     * @throws IllegalArgumentException naming the field and the reason.
     */
    public DriveLogContext conclude()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("DriveLogContext already concluded");
        }
        if (null == scenario || scenario.isBlank())
        {
            throw fail("scenario", "must not be blank");
        }
        if (null == rigText)
        {
            rigSource = RigLoader.DEFAULT_RIG_RESOURCE;
            rigText = defaultRigText();
        }
        if (null == rigSource)
        {
            rigSource = "(recorded rig)";
        }
        if (null == softwareVersion)
        {
            final String version = DriveLogContext.class.getPackage().getImplementationVersion();
            softwareVersion = null == version ? "dev" : version;
        }
        if (Long.MIN_VALUE == startTimeNs)
        {
            startTimeNs = SystemEpochNanoClock.INSTANCE.nanoTime();
        }
        if (null == rollCycle)
        {
            final String name = System.getProperty(ROLL_CYCLE_PROP_NAME);
            try
            {
                rollCycle = null == name ? ROLL_CYCLE_DEFAULT : RollCycles.valueOf(name.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw fail("rollCycle (" + ROLL_CYCLE_PROP_NAME + ")", "unknown roll cycle '" + name + "'");
            }
        }
        if (maxBytes < 0)
        {
            maxBytes = SystemUtil.getSizeAsLong(MAX_BYTES_PROP_NAME, MAX_BYTES_DEFAULT);
        }
        if (maxBytes < MIN_MAX_BYTES)
        {
            throw fail("maxBytes", "must be at least " + MIN_MAX_BYTES + ", was " + maxBytes);
        }
        if (blockSize < 0)
        {
            blockSize = SystemUtil.getSizeAsLong(BLOCK_SIZE_PROP_NAME, BLOCK_SIZE_DEFAULT);
        }
        if (blockSize < MIN_BLOCK_SIZE || Long.bitCount(blockSize) != 1)
        {
            throw fail("blockSize (" + BLOCK_SIZE_PROP_NAME + ")", "must be a power of two of at least " + MIN_BLOCK_SIZE + ", was " + blockSize);
        }
        if (null == directory)
        {
            if (null == rootDirectory)
            {
                rootDirectory = Path.of(System.getProperty(ROOT_DIRECTORY_PROP_NAME, ROOT_DIRECTORY_DEFAULT));
            }
            directory = freshDirectory(rootDirectory, FOLDER_TIME.format(Instant.ofEpochSecond(
                Math.floorDiv(startTimeNs, 1_000_000_000L))) + "-" + fileNamePart(scenario));
        }
        else if (Files.exists(directory) && !isEmptyDirectory(directory))
        {
            throw fail("directory", directory + " exists and is not empty: a drive log is never appended to");
        }
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    /**
     * @param rootDirectory the drive goes in a new folder {@code <UTC start time>-<scenario>} under it.
     */
    public DriveLogContext rootDirectory(final Path rootDirectory)
    {
        checkNotConcluded();
        this.rootDirectory = rootDirectory;
        return this;
    }

    public Path rootDirectory()
    {
        return rootDirectory;
    }

    /**
     * @param directory the drive's own folder, used as given; it must not exist or be empty.
     */
    public DriveLogContext directory(final Path directory)
    {
        checkNotConcluded();
        this.directory = directory;
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public DriveLogContext scenario(final String scenario)
    {
        checkNotConcluded();
        this.scenario = scenario;
        return this;
    }

    public String scenario()
    {
        return scenario;
    }

    public DriveLogContext seed(final long seed)
    {
        checkNotConcluded();
        this.seed = seed;
        return this;
    }

    public long seed()
    {
        return seed;
    }

    /**
     * @param rigSource where the rig file came from.
     * @param rigText   the rig file, verbatim; by default the built-in rig's.
     */
    public DriveLogContext rig(final String rigSource, final String rigText)
    {
        checkNotConcluded();
        this.rigSource = rigSource;
        this.rigText = rigText;
        return this;
    }

    public String rigSource()
    {
        return rigSource;
    }

    public String rigText()
    {
        return rigText;
    }

    public DriveLogContext softwareVersion(final String softwareVersion)
    {
        checkNotConcluded();
        this.softwareVersion = softwareVersion;
        return this;
    }

    public String softwareVersion()
    {
        return softwareVersion;
    }

    /**
     * @param startTimeNs when recording starts, on the drive clock the sequencer stamps receive time with.
     */
    public DriveLogContext startTimeNs(final long startTimeNs)
    {
        checkNotConcluded();
        this.startTimeNs = startTimeNs;
        return this;
    }

    public long startTimeNs()
    {
        return startTimeNs;
    }

    public DriveLogContext rollCycle(final RollCycle rollCycle)
    {
        checkNotConcluded();
        this.rollCycle = rollCycle;
        return this;
    }

    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @param maxBytes size cap: bytes of entries the log may hold, Chronicle's framing included.
     */
    public DriveLogContext maxBytes(final long maxBytes)
    {
        checkNotConcluded();
        this.maxBytes = maxBytes;
        return this;
    }

    public long maxBytes()
    {
        return maxBytes;
    }

    public DriveLogContext blockSize(final long blockSize)
    {
        checkNotConcluded();
        this.blockSize = blockSize;
        return this;
    }

    public long blockSize()
    {
        return blockSize;
    }

    /**
     * The clock Chronicle rolls cycles by; tests move it to force a roll.
     */
    DriveLogContext timeProvider(final TimeProvider timeProvider)
    {
        checkNotConcluded();
        this.timeProvider = timeProvider;
        return this;
    }

    TimeProvider timeProvider()
    {
        return timeProvider;
    }

    DriveLogHeader header()
    {
        return new DriveLogHeader(
            DriveLogFormat.FORMAT_VERSION,
            MessageHeaderDecoder.SCHEMA_ID,
            MessageHeaderDecoder.SCHEMA_VERSION,
            startTimeNs,
            seed,
            scenario,
            softwareVersion,
            rigSource,
            rigText);
    }

    private static Path freshDirectory(final Path root, final String name)
    {
        Path candidate = root.resolve(name);
        for (int n = 2; Files.exists(candidate); n++)
        {
            candidate = root.resolve(name + "-" + n);
        }
        return candidate;
    }

    private static boolean isEmptyDirectory(final Path directory)
    {
        try (var entries = Files.list(directory))
        {
            return entries.findAny().isEmpty();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String fileNamePart(final String text)
    {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String defaultRigText()
    {
        try (InputStream in = DriveLogContext.class.getClassLoader().getResourceAsStream(RigLoader.DEFAULT_RIG_RESOURCE))
        {
            if (null == in)
            {
                throw fail("rig", "the built-in rig " + RigLoader.DEFAULT_RIG_RESOURCE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static IllegalArgumentException fail(final String field, final String reason)
    {
        return new IllegalArgumentException("DriveLogContext." + field + ": " + reason);
    }

    private void checkNotConcluded()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("DriveLogContext is concluded; it no longer changes");
        }
    }
}
