package io.fusebox.runtime.replay;

import io.fusebox.runtime.bus.Profile;
import io.fusebox.sensors.codec.SensorKind;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link Replay}. {@link #conclude()} validates and fails naming the field.
 */
public final class ReplayContext
{
    /** Rate meaning as fast as the bus takes it. */
    public static final double RATE_MAX = Double.POSITIVE_INFINITY;
    /** After the last input, how long outputs must stay quiet before the pipeline counts as finished. */
    public static final long SETTLE_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long replay waits for the bus to deliver what it published. */
    public static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private boolean isConcluded;
    private Path drive;
    private double rate = 1.0;
    private long fromNs;
    private long toNs = Long.MAX_VALUE;
    private boolean loop;
    private Set<SensorKind> only;
    private boolean verify;
    private ReplayFaults faults = new ReplayFaults();
    private ReplayPipeline pipeline = ReplayPipeline.NONE;
    private Profile profile = Profile.fromName(System.getProperty("fusebox.profile", "laptop"));
    private boolean embeddedDriver = true;
    private String aeronDirectoryName;
    private long settleNs = SETTLE_DEFAULT_NS;

    public ReplayContext conclude()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("ReplayContext already concluded");
        }
        if (null == drive)
        {
            throw new IllegalArgumentException("drive: the drive log to replay is required");
        }
        if (!(rate > 0))
        {
            throw new IllegalArgumentException("rate: must be positive (or max), was " + rate);
        }
        if (fromNs < 0 || toNs <= fromNs)
        {
            throw new IllegalArgumentException("from/to: need 0 <= from < to, were " + fromNs + " ns and " + toNs + " ns");
        }
        if (null != only && only.isEmpty())
        {
            throw new IllegalArgumentException("only: names no sensor kind");
        }
        if (verify && (loop || null != only || fromNs > 0 || toNs != Long.MAX_VALUE))
        {
            throw new IllegalArgumentException("verify: compares against the whole recorded drive, so it cannot be " +
                "combined with --from, --to, --only or --loop");
        }
        if (null == faults)
        {
            throw new IllegalArgumentException("faults: required (an empty ReplayFaults for none)");
        }
        if (verify && !faults.isEmpty())
        {
            throw new IllegalArgumentException("verify: with --drop or --delay fusion gets other input than was " +
                "recorded, so its outputs cannot match the recorded ones; verify the replay without faults");
        }
        if (!embeddedDriver && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("aeronDirectoryName: an external driver needs its directory");
        }
        if (settleNs < 0)
        {
            throw new IllegalArgumentException("settle: must not be negative, was " + settleNs + " ns");
        }
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    public ReplayContext drive(final Path drive)
    {
        this.drive = drive;
        return this;
    }

    public Path drive()
    {
        return drive;
    }

    /**
     * @param rate times recorded speed: 1 replays on the recorded schedule; {@link #RATE_MAX} as fast as possible.
     */
    public ReplayContext rate(final double rate)
    {
        this.rate = rate;
        return this;
    }

    public double rate()
    {
        return rate;
    }

    public boolean isMaxRate()
    {
        return Double.isInfinite(rate);
    }

    /**
     * @param fromNs where to start, from the drive's first fusion input.
     */
    public ReplayContext fromNs(final long fromNs)
    {
        this.fromNs = fromNs;
        return this;
    }

    public long fromNs()
    {
        return fromNs;
    }

    /**
     * @param toNs where to stop (exclusive), from the drive's first fusion input.
     */
    public ReplayContext toNs(final long toNs)
    {
        this.toNs = toNs;
        return this;
    }

    public long toNs()
    {
        return toNs;
    }

    public ReplayContext loop(final boolean loop)
    {
        this.loop = loop;
        return this;
    }

    public boolean loop()
    {
        return loop;
    }

    /**
     * @param only sensor kinds whose messages are replayed; null for all.
     */
    public ReplayContext only(final Set<SensorKind> only)
    {
        this.only = null == only ? null : EnumSet.copyOf(only);
        return this;
    }

    public Set<SensorKind> only()
    {
        return only;
    }

    public ReplayContext verify(final boolean verify)
    {
        this.verify = verify;
        return this;
    }

    public boolean verify()
    {
        return verify;
    }

    /**
     * @param faults dropped and delayed sensors; checked against the recorded rig when the replay starts.
     */
    public ReplayContext faults(final ReplayFaults faults)
    {
        this.faults = faults;
        return this;
    }

    public ReplayFaults faults()
    {
        return faults;
    }

    public ReplayContext pipeline(final ReplayPipeline pipeline)
    {
        this.pipeline = pipeline;
        return this;
    }

    public ReplayPipeline pipeline()
    {
        return pipeline;
    }

    public ReplayContext profile(final Profile profile)
    {
        this.profile = profile;
        return this;
    }

    public Profile profile()
    {
        return profile;
    }

    public ReplayContext embeddedDriver(final boolean embeddedDriver)
    {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    public ReplayContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public ReplayContext settleNs(final long settleNs)
    {
        this.settleNs = settleNs;
        return this;
    }

    public long settleNs()
    {
        return settleNs;
    }
}
