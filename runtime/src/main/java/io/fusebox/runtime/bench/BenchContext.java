package io.fusebox.runtime.bench;

import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.ScenarioCatalog;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link LatencyBench} run. {@link #conclude()} validates and fails naming the field.
 */
public final class BenchContext
{
    public static final long DURATION_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);
    public static final long WARMUP_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);
    /**
     * A minute of capture time: the scenarios' events (cut-ins, lane changes, new tracks) lie within it, and on the
     * two-core development machine it takes about 4 s.
     */
    public static final long LOCK_STEP_WARMUP_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);
    /** The end-to-end p99 a load must keep to count as sustained. */
    public static final long TARGET_P99_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A ramp stops doubling here even if every load was sustained. */
    public static final double MAX_RAMP_LOAD_DEFAULT = 64.0;

    private Rig rig;
    private String scenario = DriveContext.SCENARIO_DEFAULT;
    private long seed = DriveContext.SEED_DEFAULT;
    private long durationNs = DURATION_DEFAULT_NS;
    private long warmupNs = WARMUP_DEFAULT_NS;
    private long lockStepWarmupNs = LOCK_STEP_WARMUP_DEFAULT_NS;
    private double load = 1.0;
    private boolean ramp;
    private double maxRampLoad = MAX_RAMP_LOAD_DEFAULT;
    private long targetP99Ns = TARGET_P99_DEFAULT_NS;
    private Profile profile = Profile.fromName(System.getProperty("fusebox.profile", "laptop"));
    private Path peerSummary;
    private boolean concluded;

    public BenchContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == rig)
        {
            rig = RigLoader.loadDefault();
        }
        require(ScenarioCatalog.names().contains(scenario), "scenario",
            "unknown '" + scenario + "', expected one of " + ScenarioCatalog.names());
        require(durationNs > 0, "duration", "must be positive, was " + durationNs + " ns");
        require(warmupNs >= 0, "warmup", "must not be negative, was " + warmupNs + " ns");
        require(lockStepWarmupNs >= 0, "lockStepWarmup", "must not be negative, was " + lockStepWarmupNs + " ns");
        require(load > 0.0 && !Double.isInfinite(load), "load", "must be a positive multiple of nominal, was " + load);
        require(maxRampLoad >= load, "maxRampLoad", "must be at least the starting load " + load + ", was " + maxRampLoad);
        require(targetP99Ns > 0, "targetP99", "must be positive, was " + targetP99Ns + " ns");
        require(null != profile, "profile", "must be set");
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String field, final String reason)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(field + ": " + reason);
        }
    }

    public BenchContext rig(final Rig rig)
    {
        this.rig = rig;
        return this;
    }

    public Rig rig()
    {
        return rig;
    }

    public BenchContext scenario(final String scenario)
    {
        this.scenario = scenario;
        return this;
    }

    public String scenario()
    {
        return scenario;
    }

    public BenchContext seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    public long seed()
    {
        return seed;
    }

    /**
     * @param durationNs measured time of each load step, after its warm-up.
     */
    public BenchContext durationNs(final long durationNs)
    {
        this.durationNs = durationNs;
        return this;
    }

    public long durationNs()
    {
        return durationNs;
    }

    /**
     * @param warmupNs driven before each step's measurement starts: JIT, page faults, first tracks.
     */
    public BenchContext warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    public long warmupNs()
    {
        return warmupNs;
    }

    /**
     * @param lockStepWarmupNs capture time of the scenario driven closed loop in lock step (no bus, no clock: as fast as
     *                         the machine goes) once before the first step, so that the JIT has compiled the pipeline
     *                         for the situations the scenario holds before any is measured; 0 for none.
     */
    public BenchContext lockStepWarmupNs(final long lockStepWarmupNs)
    {
        this.lockStepWarmupNs = lockStepWarmupNs;
        return this;
    }

    public long lockStepWarmupNs()
    {
        return lockStepWarmupNs;
    }

    /**
     * @param load multiple of the rig's nominal rates; with a ramp, the first step's.
     */
    public BenchContext load(final double load)
    {
        this.load = load;
        return this;
    }

    public double load()
    {
        return load;
    }

    /**
     * @param ramp double the load after each sustained step until one is not sustained.
     */
    public BenchContext ramp(final boolean ramp)
    {
        this.ramp = ramp;
        return this;
    }

    public boolean ramp()
    {
        return ramp;
    }

    public BenchContext maxRampLoad(final double maxRampLoad)
    {
        this.maxRampLoad = maxRampLoad;
        return this;
    }

    public double maxRampLoad()
    {
        return maxRampLoad;
    }

    /**
     * @param targetP99Ns end-to-end p99 a step must keep (with nothing lost) to count as sustained.
     */
    public BenchContext targetP99Ns(final long targetP99Ns)
    {
        this.targetP99Ns = targetP99Ns;
        return this;
    }

    public long targetP99Ns()
    {
        return targetP99Ns;
    }

    public BenchContext profile(final Profile profile)
    {
        this.profile = profile;
        return this;
    }

    public Profile profile()
    {
        return profile;
    }

    /**
     * @param peerSummary the JSON the peer ping-pong script wrote ({@code bench/peer/pingpong.sh}), copied into
     *                    the summary's {@code peer}; null for none.
     */
    public BenchContext peerSummary(final Path peerSummary)
    {
        this.peerSummary = peerSummary;
        return this;
    }

    public Path peerSummary()
    {
        return peerSummary;
    }
}
