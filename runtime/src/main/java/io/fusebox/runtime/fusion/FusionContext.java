package io.fusebox.runtime.fusion;

import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;

import java.util.concurrent.TimeUnit;

/**
 * Configuration of fusion ({@link FusionEngine}, {@link FusionAgent}). Fluent setters, defaults
 * (from system properties where a person would tune them), and {@link #conclude()}, which validates
 * every field, naming it and the reason, and freezes the context. Stream ids and channels are not
 * here: they come from the rig through the bus.
 */
public final class FusionContext
{
    public static final String WORLD_MODEL_PERIOD_PROP_NAME = "fusebox.fusion.world.model.period";
    public static final long WORLD_MODEL_PERIOD_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    public static final String REORDER_WINDOW_PROP_NAME = "fusebox.fusion.reorder.window";
    public static final long REORDER_WINDOW_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(20);

    public static final String SCHEDULE_SLACK_PROP_NAME = "fusebox.fusion.schedule.slack";
    public static final long SCHEDULE_SLACK_DEFAULT_NS = TimeUnit.MICROSECONDS.toNanos(500);

    public static final String REORDER_CAPACITY_PROP_NAME = "fusebox.fusion.reorder.capacity";
    public static final int REORDER_CAPACITY_DEFAULT = 128;

    public static final String FRAGMENT_LIMIT_PROP_NAME = "fusebox.fusion.fragment.limit";
    public static final int FRAGMENT_LIMIT_DEFAULT = 16;

    public static final String LAZY_PREDICTION_PROP_NAME = "fusebox.fusion.lazy.prediction";

    /** Object block length of a world model, bytes: sizes the largest message. */
    static final int WORLD_MODEL_OBJECT_LENGTH = WorldModelEncoder.ObjectsEncoder.sbeBlockLength();
    static final int WORLD_MODEL_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + WorldModelEncoder.BLOCK_LENGTH +
        WorldModelEncoder.ObjectsEncoder.sbeHeaderSize() + WorldModelEncoder.occupancyHeaderLength();
    /** A world model must fit one message of the bus's largest size. */
    static final int MAX_MESSAGE_LENGTH = RigLoader.MAX_SENSOR_MESSAGE_BYTES;

    private boolean isConcluded;
    private Rig rig;
    private long worldModelPeriodNs = Long.getLong(WORLD_MODEL_PERIOD_PROP_NAME, WORLD_MODEL_PERIOD_DEFAULT_NS);
    private long reorderWindowNs = Long.getLong(REORDER_WINDOW_PROP_NAME, REORDER_WINDOW_DEFAULT_NS);
    private long scheduleSlackNs = Long.getLong(SCHEDULE_SLACK_PROP_NAME, SCHEDULE_SLACK_DEFAULT_NS);
    private double sensorRateScale = 1.0;
    private int reorderCapacity = Integer.getInteger(REORDER_CAPACITY_PROP_NAME, REORDER_CAPACITY_DEFAULT);
    private int fragmentLimit = Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    private int maxWorldModelObjects = 256;
    private int maxTracks = 512;
    private int degradedPeriods = 3;
    private double gridCellSizeM = 0.5;
    private int gridCellsX = 160;
    private int gridCellsY = 160;
    private double gridFade = 0.9;
    private double lidarGroundHeightM = 0.2;
    private double lidarRangeM = 120.0;
    private int lidarBatchSectors = 8;
    private int lidarMaxPoints = 1 << 17;
    private boolean lazyPrediction = Boolean.parseBoolean(System.getProperty(LAZY_PREDICTION_PROP_NAME, "true"));

    /**
     * Validates every field, derives nothing that could change later, and freezes the context.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first field out of range and why.
     */
    public FusionContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        require(null != rig, "rig", "must be set (the bus's rig)", null);
        require(worldModelPeriodNs > 0, "worldModelPeriodNs", "must be > 0", worldModelPeriodNs);
        require(reorderWindowNs >= 0 && reorderWindowNs <= TimeUnit.SECONDS.toNanos(1), "reorderWindowNs",
            "must be in [0, 1 s]", reorderWindowNs);
        require(scheduleSlackNs >= 0 && scheduleSlackNs <= reorderWindowNs, "scheduleSlackNs",
            "must be in [0, reorderWindowNs]", scheduleSlackNs);
        require(sensorRateScale > 0.0 && !Double.isInfinite(sensorRateScale), "sensorRateScale",
            "must be a positive multiple of the rig's rates", sensorRateScale);
        require(reorderCapacity >= 1, "reorderCapacity", "must be >= 1", reorderCapacity);
        require(fragmentLimit >= 1, "fragmentLimit", "must be >= 1", fragmentLimit);
        require(maxTracks >= 1, "maxTracks", "must be >= 1", maxTracks);
        require(maxWorldModelObjects >= 0 && maxWorldModelObjects <= 65534, "maxWorldModelObjects",
            "must be in [0, 65534]", maxWorldModelObjects);
        require(degradedPeriods >= 1, "degradedPeriods", "must be >= 1", degradedPeriods);
        require(gridCellSizeM > 0.0, "gridCellSizeM", "must be > 0", gridCellSizeM);
        require(gridCellsX >= 1 && gridCellsX <= 65535, "gridCellsX", "must be in [1, 65535]", gridCellsX);
        require(gridCellsY >= 1 && gridCellsY <= 65535, "gridCellsY", "must be in [1, 65535]", gridCellsY);
        require(gridFade > 0.0 && gridFade <= 1.0, "gridFade", "must be in (0, 1]", gridFade);
        require(lidarGroundHeightM >= 0.0, "lidarGroundHeightM", "must be >= 0", lidarGroundHeightM);
        require(lidarRangeM > 0.0, "lidarRangeM", "must be > 0", lidarRangeM);
        require(lidarBatchSectors >= 1, "lidarBatchSectors", "must be >= 1", lidarBatchSectors);
        require(lidarMaxPoints >= 1024, "lidarMaxPoints", "must be >= 1024", lidarMaxPoints);
        final long worstCase = worldModelLength(maxWorldModelObjects, gridCellsX, gridCellsY);
        require(worstCase <= MAX_MESSAGE_LENGTH, "maxWorldModelObjects",
            "with a " + gridCellsX + "x" + gridCellsY + " grid, " + maxWorldModelObjects + " objects make a " +
            worstCase + "-byte world model, more than one " + MAX_MESSAGE_LENGTH + "-byte message", maxWorldModelObjects);
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    static long worldModelLength(final int objects, final int cellsX, final int cellsY)
    {
        return WORLD_MODEL_FIXED_LENGTH + (long)objects * WORLD_MODEL_OBJECT_LENGTH + (long)cellsX * cellsY;
    }

    public FusionContext rig(final Rig rig)
    {
        checkMutable();
        this.rig = rig;
        return this;
    }

    public Rig rig()
    {
        return rig;
    }

    public FusionContext worldModelPeriodNs(final long periodNs)
    {
        checkMutable();
        this.worldModelPeriodNs = periodNs;
        return this;
    }

    /**
     * Capture time between world models. A world model is valid at each multiple of the period (on the
     * sensor clock) and goes out once nothing captured before that tick can still come.
     */
    public long worldModelPeriodNs()
    {
        return worldModelPeriodNs;
    }

    public FusionContext reorderWindowNs(final long windowNs)
    {
        checkMutable();
        this.reorderWindowNs = windowNs;
        return this;
    }

    /**
     * How far behind the newest capture time seen an input is still put in its place: inputs are
     * applied once the newest capture time is this far past theirs. An input older than one already
     * applied is late: counted and dropped. The price is this much added latency.
     */
    public long reorderWindowNs()
    {
        return reorderWindowNs;
    }

    /**
     * How much earlier than its rate says a sensor's next message may be captured. A held input is applied
     * as soon as every live sensor's next message is due after it, so a world model waits for the sensors
     * it needs, not for the whole reorder window; this slack covers the sensors' timing jitter. A sensor's
     * slack is at most a quarter of its period (a LiDAR's sectors come every 781 µs), and once fusion has seen
     * 20 of its intervals, twice the most it came early plus 50 µs, when that is less: this is the most.
     *
     * @param slackNs in [0, {@link #reorderWindowNs()}].
     * @return this.
     */
    public FusionContext scheduleSlackNs(final long slackNs)
    {
        checkMutable();
        this.scheduleSlackNs = slackNs;
        return this;
    }

    /** Timing jitter allowed to a sensor's schedule, ns; see {@link #scheduleSlackNs(long)}. */
    public long scheduleSlackNs()
    {
        return scheduleSlackNs;
    }

    /**
     * @param scale the sensors fire at this multiple of the rig's rates (a benchmark's load); 1 by default. Fusion
     *              expects each sensor's next message a period divided by this after its last.
     * @return this.
     */
    public FusionContext sensorRateScale(final double scale)
    {
        checkMutable();
        this.sensorRateScale = scale;
        return this;
    }

    public double sensorRateScale()
    {
        return sensorRateScale;
    }

    public FusionContext reorderCapacity(final int capacity)
    {
        checkMutable();
        this.reorderCapacity = capacity;
        return this;
    }

    /** Messages the reorder window holds; when full the earliest is applied early (counted). */
    public int reorderCapacity()
    {
        return reorderCapacity;
    }

    public FusionContext fragmentLimit(final int limit)
    {
        checkMutable();
        this.fragmentLimit = limit;
        return this;
    }

    /** Fragments the agent takes from the fusion-input stream per duty cycle. */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public FusionContext maxWorldModelObjects(final int objects)
    {
        checkMutable();
        this.maxWorldModelObjects = objects;
        return this;
    }

    /** Most objects in one world model: confirmed and coasting first, then tentative; the rest are counted. */
    public int maxWorldModelObjects()
    {
        return maxWorldModelObjects;
    }

    public FusionContext maxTracks(final int maxTracks)
    {
        checkMutable();
        this.maxTracks = maxTracks;
        return this;
    }

    public int maxTracks()
    {
        return maxTracks;
    }

    public FusionContext degradedPeriods(final int periods)
    {
        checkMutable();
        this.degradedPeriods = periods;
        return this;
    }

    /** A sensor silent for more than this many of its periods (message time) is degraded. */
    public int degradedPeriods()
    {
        return degradedPeriods;
    }

    public FusionContext grid(final double cellSizeM, final int cellsX, final int cellsY)
    {
        checkMutable();
        this.gridCellSizeM = cellSizeM;
        this.gridCellsX = cellsX;
        this.gridCellsY = cellsY;
        return this;
    }

    public double gridCellSizeM()
    {
        return gridCellSizeM;
    }

    public int gridCellsX()
    {
        return gridCellsX;
    }

    public int gridCellsY()
    {
        return gridCellsY;
    }

    public FusionContext gridFade(final double fade)
    {
        checkMutable();
        this.gridFade = fade;
        return this;
    }

    /** Factor on every cell's log-odds per world model: how fast unrefreshed evidence fades. */
    public double gridFade()
    {
        return gridFade;
    }

    public FusionContext lidarGroundHeightM(final double heightM)
    {
        checkMutable();
        this.lidarGroundHeightM = heightM;
        return this;
    }

    /** LiDAR returns lower than this in the vehicle frame are ground (flat ground at z = 0). */
    public double lidarGroundHeightM()
    {
        return lidarGroundHeightM;
    }

    public FusionContext lidarRangeM(final double rangeM)
    {
        checkMutable();
        this.lidarRangeM = rangeM;
        return this;
    }

    /** LiDAR returns farther than this (horizontally) are not clustered into objects. */
    public double lidarRangeM()
    {
        return lidarRangeM;
    }

    public FusionContext lidarBatchSectors(final int sectors)
    {
        checkMutable();
        this.lidarBatchSectors = sectors;
        return this;
    }

    /** LiDAR objects closed over this many sectors go to the tracker as one batch. */
    public int lidarBatchSectors()
    {
        return lidarBatchSectors;
    }

    public FusionContext lidarMaxPoints(final int points)
    {
        checkMutable();
        this.lidarMaxPoints = points;
        return this;
    }

    /** Capacity of the LiDAR's open-cluster point table; beyond it points are dropped and counted. */
    public int lidarMaxPoints()
    {
        return lidarMaxPoints;
    }

    public FusionContext lazyPrediction(final boolean lazyPrediction)
    {
        checkMutable();
        this.lazyPrediction = lazyPrediction;
        return this;
    }

    /**
     * Whether the tracker predicts only the tracks each batch concerns (see
     * {@code TrackerContext.lazyPrediction}); true by default: dozens of small batches per world model.
     */
    public boolean lazyPrediction()
    {
        return lazyPrediction;
    }

    public String toString()
    {
        return "FusionContext{rig=" + (null == rig ? null : rig.name()) +
            ", worldModelPeriodNs=" + worldModelPeriodNs +
            ", reorderWindowNs=" + reorderWindowNs +
            ", scheduleSlackNs=" + scheduleSlackNs +
            ", sensorRateScale=" + sensorRateScale +
            ", reorderCapacity=" + reorderCapacity +
            ", fragmentLimit=" + fragmentLimit +
            ", maxWorldModelObjects=" + maxWorldModelObjects +
            ", maxTracks=" + maxTracks +
            ", degradedPeriods=" + degradedPeriods +
            ", grid=" + gridCellsX + "x" + gridCellsY + "@" + gridCellSizeM +
            ", gridFade=" + gridFade +
            ", lidarGroundHeightM=" + lidarGroundHeightM +
            ", lidarRangeM=" + lidarRangeM +
            ", lidarBatchSectors=" + lidarBatchSectors +
            ", lidarMaxPoints=" + lidarMaxPoints +
            ", lazyPrediction=" + lazyPrediction + '}';
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("FusionContext is concluded and can no longer change");
        }
    }

    private static void require(final boolean condition, final String field, final String rule, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("FusionContext." + field + " " + rule + ": " + value);
        }
    }
}
