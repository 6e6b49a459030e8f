package io.fusebox.runtime.drive;

import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.control.ControlPlaneContext;
import io.fusebox.runtime.record.SnapshotContext;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.ScenarioCatalog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of a simulated {@link Drive}. {@link #conclude()} validates and fails naming the field.
 */
public final class DriveContext
{
    public static final String SCENARIO_DEFAULT = "highway-cruise";
    public static final long SEED_DEFAULT = 42;
    public static final long DURATION_DEFAULT_NS = TimeUnit.SECONDS.toNanos(30);
    public static final long REPORT_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);
    /** Time from bringing the bus up to the first capture, so the first messages meet warm subscribers. */
    public static final long START_DELAY_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Latency before this is JIT warm-up: reported, but apart from the steady figures. */
    public static final long WARMUP_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);
    /** How long the drive waits after its window for the last messages to cross the boundary. */
    public static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private Rig rig;
    private String scenario = SCENARIO_DEFAULT;
    private long seed = SEED_DEFAULT;
    private long durationNs = DURATION_DEFAULT_NS;
    private long reportIntervalNs = REPORT_INTERVAL_DEFAULT_NS;
    private boolean intervalLines = true;
    private long startDelayNs = START_DELAY_DEFAULT_NS;
    private long sensorPublicationMask = BusContext.ALL_SENSORS;
    private long warmupNs = WARMUP_DEFAULT_NS;
    private Profile profile = Profile.fromName(System.getProperty("fusebox.profile", "laptop"));
    private boolean embeddedDriver = true;
    private String aeronDirectoryName;
    private java.nio.file.Path recordRoot;
    private ControlPlaneContext controlPlane;
    private SnapshotContext snapshot;
    private double load = 1.0;
    private DriveAgents stageProbes;
    private boolean concluded;

    public DriveContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("DriveContext already concluded");
        }
        if (null == rig)
        {
            rig = RigLoader.loadDefault();
        }
        if (!ScenarioCatalog.names().contains(scenario))
        {
            throw new IllegalArgumentException(
                "scenario: unknown '" + scenario + "', expected one of " + ScenarioCatalog.names());
        }
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException("duration: must be positive, was " + durationNs + " ns");
        }
        if (reportIntervalNs <= 0)
        {
            throw new IllegalArgumentException("reportInterval: must be positive, was " + reportIntervalNs + " ns");
        }
        if (startDelayNs < 0)
        {
            throw new IllegalArgumentException("startDelay: must not be negative, was " + startDelayNs + " ns");
        }
        if (warmupNs < 0)
        {
            throw new IllegalArgumentException("warmup: must not be negative, was " + warmupNs + " ns");
        }
        if (null != snapshot && null == recordRoot)
        {
            throw new IllegalArgumentException("snapshot: needs recording on (a record root; drop --no-record)");
        }
        if (!(load > 0.0) || Double.isInfinite(load))
        {
            throw new IllegalArgumentException("load: must be a positive multiple of the nominal rates, was " + load);
        }
        if (!embeddedDriver && null == aeronDirectoryName)
        {
            throw new IllegalArgumentException("aeronDirectoryName: an external driver needs its directory");
        }
        concluded = true;
        return this;
    }

    public DriveContext rig(final Rig rig)
    {
        this.rig = rig;
        return this;
    }

    public Rig rig()
    {
        return rig;
    }

    public DriveContext scenario(final String scenario)
    {
        this.scenario = scenario;
        return this;
    }

    public String scenario()
    {
        return scenario;
    }

    public DriveContext seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    public long seed()
    {
        return seed;
    }

    public DriveContext durationNs(final long durationNs)
    {
        this.durationNs = durationNs;
        return this;
    }

    public long durationNs()
    {
        return durationNs;
    }

    public DriveContext reportIntervalNs(final long reportIntervalNs)
    {
        this.reportIntervalNs = reportIntervalNs;
        return this;
    }

    public long reportIntervalNs()
    {
        return reportIntervalNs;
    }

    /**
     * @param intervalLines false to gather each report interval's figures without formatting a line: a
     *                      measurement (the bench) that must not allocate while it runs, and prints nothing
     *                      until the end anyway.
     */
    public DriveContext intervalLines(final boolean intervalLines)
    {
        this.intervalLines = intervalLines;
        return this;
    }

    public boolean intervalLines()
    {
        return intervalLines;
    }

    /**
     * @param sensorPublicationMask bit i set: this drive publishes the simulated sensor at rig index i. All by
     *                              default; the fusion board of a rig across boards publishes only its IPC sensors
     *                              and takes the others from the sensors' board.
     */
    public DriveContext sensorPublicationMask(final long sensorPublicationMask)
    {
        this.sensorPublicationMask = sensorPublicationMask;
        return this;
    }

    public long sensorPublicationMask()
    {
        return sensorPublicationMask;
    }

    public DriveContext startDelayNs(final long startDelayNs)
    {
        this.startDelayNs = startDelayNs;
        return this;
    }

    public long startDelayNs()
    {
        return startDelayNs;
    }

    /**
     * @param warmupNs latency recorded in this first part of the drive stays out of the steady figures.
     */
    public DriveContext warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    public long warmupNs()
    {
        return warmupNs;
    }

    /**
     * @param recordRoot folder under which the drive log is written (one folder per drive); null: no record.
     */
    public DriveContext recordRoot(final java.nio.file.Path recordRoot)
    {
        this.recordRoot = recordRoot;
        return this;
    }

    public java.nio.file.Path recordRoot()
    {
        return recordRoot;
    }

    /**
     * @param snapshot keep only the last window of the drive in memory, written out under the record root's
     *                 snapshots folder when triggered; null (the default) records the whole drive.
     */
    public DriveContext snapshot(final SnapshotContext snapshot)
    {
        this.snapshot = snapshot;
        return this;
    }

    public SnapshotContext snapshot()
    {
        return snapshot;
    }

    public DriveContext profile(final Profile profile)
    {
        this.profile = profile;
        return this;
    }

    public Profile profile()
    {
        return profile;
    }

    public DriveContext embeddedDriver(final boolean embeddedDriver)
    {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    public DriveContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param load every sensor fires at this multiple of its nominal rate (the scenario plays this much faster);
     *             1.0 by default.
     */
    public DriveContext load(final double load)
    {
        this.load = load;
        return this;
    }

    public double load()
    {
        return load;
    }

    /**
     * @param stageProbes agents that watch the pipeline's stages for the length of the drive (a benchmark's latency
     *                    probe); null for none, the default. See {@link DriveAgents} for where they run.
     */
    public DriveContext stageProbes(final DriveAgents stageProbes)
    {
        this.stageProbes = stageProbes;
        return this;
    }

    public DriveAgents stageProbes()
    {
        return stageProbes;
    }

    /**
     * @param controlPlane the control plane to start with the drive; null (the default): none.
     */
    public DriveContext controlPlane(final ControlPlaneContext controlPlane)
    {
        this.controlPlane = controlPlane;
        return this;
    }

    public ControlPlaneContext controlPlane()
    {
        return controlPlane;
    }

    /**
     * @return the drive's configuration by name, for showing (the control plane's {@code GET /api/config}).
     */
    public Map<String, Object> describe()
    {
        final Map<String, Object> description = new LinkedHashMap<>();
        description.put("scenario", scenario);
        description.put("seed", seed);
        description.put("durationS", durationNs / 1e9);
        description.put("warmupS", warmupNs / 1e9);
        description.put("profile", profile.name().toLowerCase(Locale.ROOT));
        description.put("rig", null == rig ? null : rig.source());
        description.put("aeronDirectory", embeddedDriver ? "embedded" : aeronDirectoryName);
        description.put("recordRoot", recordRoot);
        return description;
    }
}
