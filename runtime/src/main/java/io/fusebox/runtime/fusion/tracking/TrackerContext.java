package io.fusebox.runtime.fusion.tracking;

import java.util.Arrays;

/**
 * Configuration of a {@link Tracker}: capacities, gating, motion and measurement noise, lifecycle.
 * <p>
 * Object classes are indices in [0, {@link #MAX_CLASSES}) and source kinds indices in
 * [0, {@link #MAX_SOURCE_KINDS}); the runtime uses the SBE {@code ObjectClass} and
 * {@code SensorKind} values, but the tracker only cares that they are small integers. Per-class
 * and per-kind values start from the same defaults and can be set one index at a time.
 * <p>
 * Setters are fluent; {@link #conclude()} validates every field, naming it in the error, and
 * freezes the context.
 */
public final class TrackerContext
{
    public static final int MAX_CLASSES = 8;
    public static final int MAX_SOURCE_KINDS = 8;

    public static final String MAX_TRACKS_PROP_NAME = "fusebox.tracker.max.tracks";
    public static final String MAX_MEASUREMENTS_PROP_NAME = "fusebox.tracker.max.measurements";
    public static final String GATE_CHI_SQUARE_PROP_NAME = "fusebox.tracker.gate.chi.square";

    /** Chi-square quantile for 2 degrees of freedom at 99.7 %: a true target falls outside 3 in 1000 times. */
    public static final double GATE_CHI_SQUARE_DEFAULT = 11.6;

    private boolean isConcluded;

    private int maxTracks = Integer.getInteger(MAX_TRACKS_PROP_NAME, 512);
    private int maxMeasurements = Integer.getInteger(MAX_MEASUREMENTS_PROP_NAME, 512);
    private double gateChiSquare = doubleProperty(GATE_CHI_SQUARE_PROP_NAME, GATE_CHI_SQUARE_DEFAULT);
    private double modelSwitchRatePerSecond = 1.0;
    private double classEvidenceDecay = 0.9;
    private double minClassCompatibility = 0.02;
    private double confirmExistence = 0.7;
    private double deleteExistence = 0.05;
    private double confidenceExponent = 1.0;
    private double birthExistence = 0.5;
    private double sizeGainFloor = 0.2;
    private SensorCoverage coverage = SensorCoverage.EVERYWHERE;
    private boolean lazyPrediction;
    private boolean dropDuplicates;
    private boolean headingFollowsTravel;
    private boolean staticObstaclesStandStill;

    private final double[] positionStd = filled(MAX_SOURCE_KINDS, 0.3);
    private final double[] yawStd = filled(MAX_SOURCE_KINDS, 0.2);
    private final double[] velocityStd = filled(MAX_SOURCE_KINDS, 0.5);
    private final double[] detectionProbability = filled(MAX_SOURCE_KINDS, 0.9);
    private final double[] clutterDensity = filled(MAX_SOURCE_KINDS, 0.01);

    private final double[] accelerationStd = filled(MAX_CLASSES, 2.0);
    private final double[] turnAccelerationStd = filled(MAX_CLASSES, 1.0);
    private final double[] yawAccelerationStd = filled(MAX_CLASSES, 1.0);
    private final double[] yawRateStd = filled(MAX_CLASSES, 0.1);
    private final double[] initialSpeedStd = filled(MAX_CLASSES, 10.0);
    private final int[] confirmHits = filledInt(MAX_CLASSES, 3);
    private final int[] tentativeMaxMisses = filledInt(MAX_CLASSES, 1);
    private final long[] maxCoastNs = filledLong(MAX_CLASSES, 500_000_000L);
    private final double[] birthConfidence = filled(MAX_CLASSES, 0.5);

    /**
     * Validates every field and freezes the context.
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the first field that is out of range.
     */
    public TrackerContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }

        require(maxTracks >= 1, "maxTracks", "must be >= 1", maxTracks);
        require(maxMeasurements >= 1, "maxMeasurements", "must be >= 1", maxMeasurements);
        require(gateChiSquare > 0.0, "gateChiSquare", "must be > 0", gateChiSquare);
        require(modelSwitchRatePerSecond >= 0.0, "modelSwitchRatePerSecond", "must be >= 0",
            modelSwitchRatePerSecond);
        require(classEvidenceDecay > 0.0 && classEvidenceDecay <= 1.0, "classEvidenceDecay", "must be in (0, 1]",
            classEvidenceDecay);
        require(minClassCompatibility >= 0.0 && minClassCompatibility < 1.0, "minClassCompatibility",
            "must be in [0, 1)", minClassCompatibility);
        require(confirmExistence > 0.0 && confirmExistence < 1.0, "confirmExistence", "must be in (0, 1)",
            confirmExistence);
        require(deleteExistence >= 0.0 && deleteExistence < confirmExistence, "deleteExistence",
            "must be in [0, confirmExistence)", deleteExistence);
        require(confidenceExponent > 0.0, "confidenceExponent", "must be > 0", confidenceExponent);
        require(birthExistence > 0.0 && birthExistence < 1.0, "birthExistence", "must be in (0, 1)", birthExistence);
        require(sizeGainFloor > 0.0 && sizeGainFloor <= 1.0, "sizeGainFloor", "must be in (0, 1]", sizeGainFloor);
        require(null != coverage, "coverage", "must not be null", null);

        for (int kind = 0; kind < MAX_SOURCE_KINDS; kind++)
        {
            require(positionStd[kind] > 0.0, "positionStd[" + kind + "]", "must be > 0", positionStd[kind]);
            require(yawStd[kind] > 0.0, "yawStd[" + kind + "]", "must be > 0", yawStd[kind]);
            require(velocityStd[kind] > 0.0, "velocityStd[" + kind + "]", "must be > 0", velocityStd[kind]);
            require(detectionProbability[kind] > 0.0 && detectionProbability[kind] < 1.0,
                "detectionProbability[" + kind + "]", "must be in (0, 1)", detectionProbability[kind]);
            require(clutterDensity[kind] > 0.0, "clutterDensity[" + kind + "]", "must be > 0", clutterDensity[kind]);
        }

        for (int c = 0; c < MAX_CLASSES; c++)
        {
            require(accelerationStd[c] > 0.0, "accelerationStd[" + c + "]", "must be > 0", accelerationStd[c]);
            require(turnAccelerationStd[c] > 0.0, "turnAccelerationStd[" + c + "]", "must be > 0",
                turnAccelerationStd[c]);
            require(yawAccelerationStd[c] > 0.0, "yawAccelerationStd[" + c + "]", "must be > 0",
                yawAccelerationStd[c]);
            require(yawRateStd[c] > 0.0, "yawRateStd[" + c + "]", "must be > 0", yawRateStd[c]);
            require(initialSpeedStd[c] > 0.0, "initialSpeedStd[" + c + "]", "must be > 0", initialSpeedStd[c]);
            require(confirmHits[c] >= 1, "confirmHits[" + c + "]", "must be >= 1", confirmHits[c]);
            require(tentativeMaxMisses[c] >= 0, "tentativeMaxMisses[" + c + "]", "must be >= 0",
                tentativeMaxMisses[c]);
            require(maxCoastNs[c] >= 0, "maxCoastNs[" + c + "]", "must be >= 0", maxCoastNs[c]);
            require(birthConfidence[c] >= 0.0 && birthConfidence[c] <= 1.0, "birthConfidence[" + c + "]",
                "must be in [0, 1]", birthConfidence[c]);
        }

        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    public TrackerContext maxTracks(final int maxTracks)
    {
        checkMutable();
        this.maxTracks = maxTracks;
        return this;
    }

    /** Capacity of the track table: tracks born when it is full are refused and counted. */
    public int maxTracks()
    {
        return maxTracks;
    }

    public TrackerContext maxMeasurements(final int maxMeasurements)
    {
        checkMutable();
        this.maxMeasurements = maxMeasurements;
        return this;
    }

    /** Most measurements one update takes: sizes the cost matrix and the assignment solver. */
    public int maxMeasurements()
    {
        return maxMeasurements;
    }

    public TrackerContext gateChiSquare(final double gateChiSquare)
    {
        checkMutable();
        this.gateChiSquare = gateChiSquare;
        return this;
    }

    /** Squared Mahalanobis distance of the position innovation beyond which a pair is not considered. */
    public double gateChiSquare()
    {
        return gateChiSquare;
    }

    public TrackerContext modelSwitchRatePerSecond(final double rate)
    {
        checkMutable();
        this.modelSwitchRatePerSecond = rate;
        return this;
    }

    /** Rate of switching between the straight and the turning motion model, per second. */
    public double modelSwitchRatePerSecond()
    {
        return modelSwitchRatePerSecond;
    }

    public TrackerContext classEvidenceDecay(final double decay)
    {
        checkMutable();
        this.classEvidenceDecay = decay;
        return this;
    }

    /** Factor applied to accumulated class log-evidence before each new measurement, so a class can change. */
    public double classEvidenceDecay()
    {
        return classEvidenceDecay;
    }

    public TrackerContext minClassCompatibility(final double compatibility)
    {
        checkMutable();
        this.minClassCompatibility = compatibility;
        return this;
    }

    /** A measurement whose class distribution agrees less than this with a track's is not associated to it. */
    public double minClassCompatibility()
    {
        return minClassCompatibility;
    }

    public TrackerContext confirmExistence(final double probability)
    {
        checkMutable();
        this.confirmExistence = probability;
        return this;
    }

    /** Existence probability a tentative track needs, with enough hits, to be confirmed. */
    public double confirmExistence()
    {
        return confirmExistence;
    }

    public TrackerContext deleteExistence(final double probability)
    {
        checkMutable();
        this.deleteExistence = probability;
        return this;
    }

    /** Below this existence probability a track is deleted. */
    public double deleteExistence()
    {
        return deleteExistence;
    }

    public TrackerContext confidenceExponent(final double exponent)
    {
        checkMutable();
        this.confidenceExponent = exponent;
        return this;
    }

    /**
     * Exponent on a detection's confidence odds when it updates existence: below 1 when a detector's
     * errors repeat from frame to frame, so that repeated detections are not counted as independent.
     */
    public double confidenceExponent()
    {
        return confidenceExponent;
    }

    public TrackerContext birthExistence(final double probability)
    {
        checkMutable();
        this.birthExistence = probability;
        return this;
    }

    /**
     * Prior probability that an unexplained measurement is a new real object, before its own
     * confidence is counted: with 0.5 a new track's existence is its first detection's confidence;
     * lower makes confirmation wait for more, or more confident, detections.
     */
    public double birthExistence()
    {
        return birthExistence;
    }

    public TrackerContext sizeGainFloor(final double gain)
    {
        checkMutable();
        this.sizeGainFloor = gain;
        return this;
    }

    /** Smallest gain of the running average of box size and elevation once a track has many hits. */
    public double sizeGainFloor()
    {
        return sizeGainFloor;
    }

    public TrackerContext lazyPrediction(final boolean lazyPrediction)
    {
        checkMutable();
        this.lazyPrediction = lazyPrediction;
        return this;
    }

    /**
     * When true an update predicts only the tracks its batch concerns (near a measurement, or covered by
     * the source): for many small batches from many sensors, as in live fusion, most tracks are neither,
     * and predicting them every time is most of the cost. False (the default) predicts every track to
     * every batch, as one batch per frame of one source (KITTI) wants.
     */
    public boolean lazyPrediction()
    {
        return lazyPrediction;
    }

    public TrackerContext dropDuplicates(final boolean dropDuplicates)
    {
        checkMutable();
        this.dropDuplicates = dropDuplicates;
        return this;
    }

    /**
     * When true, of a confirmed track a batch updated and a confirmed or coasting one it left without a
     * measurement, whose boxes hold each other's centre, the one with fewer hits is deleted: two tracks
     * on one object (the LiDAR saw a parked car's face, then its side, and the box moved more than the
     * gate allows) make one of them a false object. Likewise a detection the assignment left over that fits an
     * established track (a second cluster of one car) starts no track of its own. False (the default) keeps both,
     * as a tracker fed by one detector per class (KITTI) wants.
     */
    public boolean dropDuplicates()
    {
        return dropDuplicates;
    }

    public TrackerContext headingFollowsTravel(final boolean headingFollowsTravel)
    {
        checkMutable();
        this.headingFollowsTravel = headingFollowsTravel;
        return this;
    }

    /**
     * When true, a track whose direction of travel is known (faster than 3 m/s, the direction within 0.2 rad) is
     * headed along it: a box axis more than 45 degrees from it is not taken (a face taken for the side, a box seen
     * end on far away), and a heading that far off is turned to the travel. Only where velocities are over the
     * ground, as in live fusion's odometry frame; false (the default) where they are relative to a moving sensor
     * (KITTI's camera frame), in which a parked car travels backwards at the ego's speed.
     */
    public boolean headingFollowsTravel()
    {
        return headingFollowsTravel;
    }

    public TrackerContext staticObstaclesStandStill(final boolean staticObstaclesStandStill)
    {
        checkMutable();
        this.staticObstaclesStandStill = staticObstaclesStandStill;
        return this;
    }

    /**
     * When true, a track of the static-obstacle class (a pillar, a post, a cone) is predicted standing still: its
     * velocity is held at zero, so a coasting pillar whose last updates jumped (a detection of something beside it
     * taken for it) stays where it was seen instead of sliding on. Only where velocities are over the ground, as in
     * live fusion's odometry frame; false (the default) where they are relative to a moving sensor.
     */
    public boolean staticObstaclesStandStill()
    {
        return staticObstaclesStandStill;
    }

    public TrackerContext coverage(final SensorCoverage coverage)
    {
        checkMutable();
        this.coverage = coverage;
        return this;
    }

    /** Decides whether a source could have detected a track, so only then is a missed detection evidence. */
    public SensorCoverage coverage()
    {
        return coverage;
    }

    /**
     * Measurement noise of a kind of source, used where a measurement brings no covariance of its own.
     */
    public TrackerContext measurementNoise(
        final int sourceKind, final double positionStd, final double yawStd, final double velocityStd)
    {
        checkMutable();
        checkIndex(sourceKind, MAX_SOURCE_KINDS, "sourceKind");
        this.positionStd[sourceKind] = positionStd;
        this.yawStd[sourceKind] = yawStd;
        this.velocityStd[sourceKind] = velocityStd;
        return this;
    }

    public double positionStd(final int sourceKind)
    {
        return positionStd[sourceKind];
    }

    public double yawStd(final int sourceKind)
    {
        return yawStd[sourceKind];
    }

    public double velocityStd(final int sourceKind)
    {
        return velocityStd[sourceKind];
    }

    public TrackerContext detectionProbability(final int sourceKind, final double probability)
    {
        checkMutable();
        checkIndex(sourceKind, MAX_SOURCE_KINDS, "sourceKind");
        this.detectionProbability[sourceKind] = probability;
        return this;
    }

    /** Probability that a source of this kind detects an existing object it covers. */
    public double detectionProbability(final int sourceKind)
    {
        return detectionProbability[sourceKind];
    }

    public TrackerContext clutterDensity(final int sourceKind, final double density)
    {
        checkMutable();
        checkIndex(sourceKind, MAX_SOURCE_KINDS, "sourceKind");
        this.clutterDensity[sourceKind] = density;
        return this;
    }

    /**
     * False detections of a source of this kind per square metre of the tracking frame per scan: a
     * detection landing where a track predicts is evidence the track is real in proportion to how
     * much likelier that spot is under the track than under clutter.
     */
    public double clutterDensity(final int sourceKind)
    {
        return clutterDensity[sourceKind];
    }

    /**
     * Process noise of a class: white acceleration for the straight model, and for the turning model
     * linear acceleration and yaw acceleration.
     */
    public TrackerContext processNoise(
        final int objectClass,
        final double accelerationStd,
        final double turnAccelerationStd,
        final double yawAccelerationStd)
    {
        checkMutable();
        checkIndex(objectClass, MAX_CLASSES, "objectClass");
        this.accelerationStd[objectClass] = accelerationStd;
        this.turnAccelerationStd[objectClass] = turnAccelerationStd;
        this.yawAccelerationStd[objectClass] = yawAccelerationStd;
        return this;
    }

    public double accelerationStd(final int objectClass)
    {
        return accelerationStd[objectClass];
    }

    public double turnAccelerationStd(final int objectClass)
    {
        return turnAccelerationStd[objectClass];
    }

    public double yawAccelerationStd(final int objectClass)
    {
        return yawAccelerationStd[objectClass];
    }

    public TrackerContext yawRateStd(final int objectClass, final double std)
    {
        checkMutable();
        checkIndex(objectClass, MAX_CLASSES, "objectClass");
        this.yawRateStd[objectClass] = std;
        return this;
    }

    /** Spread of the box orientation's random walk under the straight model, rad per square-root second. */
    public double yawRateStd(final int objectClass)
    {
        return yawRateStd[objectClass];
    }

    public TrackerContext initialSpeedStd(final int objectClass, final double std)
    {
        checkMutable();
        checkIndex(objectClass, MAX_CLASSES, "objectClass");
        this.initialSpeedStd[objectClass] = std;
        return this;
    }

    /** Spread of each velocity component of a new track whose measurement carries no velocity. */
    public double initialSpeedStd(final int objectClass)
    {
        return initialSpeedStd[objectClass];
    }

    /**
     * Lifecycle of a class: hits to confirm, misses a tentative track survives, and the longest a
     * confirmed track coasts without an update.
     */
    public TrackerContext lifecycle(
        final int objectClass, final int confirmHits, final int tentativeMaxMisses, final long maxCoastNs)
    {
        checkMutable();
        checkIndex(objectClass, MAX_CLASSES, "objectClass");
        this.confirmHits[objectClass] = confirmHits;
        this.tentativeMaxMisses[objectClass] = tentativeMaxMisses;
        this.maxCoastNs[objectClass] = maxCoastNs;
        return this;
    }

    public int confirmHits(final int objectClass)
    {
        return confirmHits[objectClass];
    }

    public int tentativeMaxMisses(final int objectClass)
    {
        return tentativeMaxMisses[objectClass];
    }

    public long maxCoastNs(final int objectClass)
    {
        return maxCoastNs[objectClass];
    }

    public TrackerContext birthConfidence(final int objectClass, final double confidence)
    {
        checkMutable();
        checkIndex(objectClass, MAX_CLASSES, "objectClass");
        this.birthConfidence[objectClass] = confidence;
        return this;
    }

    /** An unassociated measurement starts a track only with at least this confidence. */
    public double birthConfidence(final int objectClass)
    {
        return birthConfidence[objectClass];
    }

    public String toString()
    {
        return "TrackerContext{maxTracks=" + maxTracks +
            ", maxMeasurements=" + maxMeasurements +
            ", gateChiSquare=" + gateChiSquare +
            ", modelSwitchRatePerSecond=" + modelSwitchRatePerSecond +
            ", classEvidenceDecay=" + classEvidenceDecay +
            ", minClassCompatibility=" + minClassCompatibility +
            ", confirmExistence=" + confirmExistence +
            ", deleteExistence=" + deleteExistence +
            ", confidenceExponent=" + confidenceExponent +
            ", birthExistence=" + birthExistence +
            ", sizeGainFloor=" + sizeGainFloor +
            ", lazyPrediction=" + lazyPrediction +
            ", dropDuplicates=" + dropDuplicates +
            ", staticObstaclesStandStill=" + staticObstaclesStandStill +
            ", headingFollowsTravel=" + headingFollowsTravel +
            ", positionStd=" + Arrays.toString(positionStd) +
            ", yawStd=" + Arrays.toString(yawStd) +
            ", velocityStd=" + Arrays.toString(velocityStd) +
            ", detectionProbability=" + Arrays.toString(detectionProbability) +
            ", clutterDensity=" + Arrays.toString(clutterDensity) +
            ", accelerationStd=" + Arrays.toString(accelerationStd) +
            ", turnAccelerationStd=" + Arrays.toString(turnAccelerationStd) +
            ", yawAccelerationStd=" + Arrays.toString(yawAccelerationStd) +
            ", yawRateStd=" + Arrays.toString(yawRateStd) +
            ", initialSpeedStd=" + Arrays.toString(initialSpeedStd) +
            ", confirmHits=" + Arrays.toString(confirmHits) +
            ", tentativeMaxMisses=" + Arrays.toString(tentativeMaxMisses) +
            ", maxCoastNs=" + Arrays.toString(maxCoastNs) +
            ", birthConfidence=" + Arrays.toString(birthConfidence) +
            '}';
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("TrackerContext is concluded and can no longer change");
        }
    }

    private static void checkIndex(final int index, final int limit, final String name)
    {
        if (index < 0 || index >= limit)
        {
            throw new IllegalArgumentException(
                "TrackerContext." + name + " must be in [0, " + limit + "): " + index);
        }
    }

    private static void require(final boolean condition, final String field, final String rule, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("TrackerContext." + field + " " + rule + ": " + value);
        }
    }

    private static double doubleProperty(final String name, final double defaultValue)
    {
        final String value = System.getProperty(name);
        return null == value ? defaultValue : Double.parseDouble(value);
    }

    private static double[] filled(final int length, final double value)
    {
        final double[] array = new double[length];
        Arrays.fill(array, value);
        return array;
    }

    private static int[] filledInt(final int length, final int value)
    {
        final int[] array = new int[length];
        Arrays.fill(array, value);
        return array;
    }

    private static long[] filledLong(final int length, final long value)
    {
        final long[] array = new long[length];
        Arrays.fill(array, value);
        return array;
    }
}
