package io.fusebox.runtime.fusion.kitti;

import io.fusebox.runtime.fusion.tracking.TrackerContext;

/**
 * How KITTI detections are fed to the trackers and how tracks become result lines, per class.
 * The defaults are the values tuned on all ten training sequences together (never per sequence);
 * {@link #conclude()} validates every field and names the one that is wrong.
 */
public final class KittiTrackingContext
{
    /** KITTI frames come at 10 Hz. */
    public static final long FRAME_PERIOD_NS = 100_000_000L;
    /** PointRCNN boxes come from the LiDAR: the rig's SensorKind.LIDAR value selects their noise. */
    public static final int LIDAR_SOURCE_KIND = 3;

    private boolean isConcluded;

    // Indexed by KittiClass ordinal: CAR, PEDESTRIAN, CYCLIST. Tuned by coordinate descent on the
    // summed MOTA of all ten training sequences, one value per class for every sequence.
    private final double[] minScore = { 1.0, 2.0, -2.0 };
    private final double[] birthScore = { 1.0, 2.0, -1.0 };
    private final int[] confirmHits = { 1, 3, 1 };
    private final int[] tentativeMaxMisses = { 1, 1, 0 };
    private final int[] maxCoastFrames = { 10, 4, 2 };
    private final int[] outputCoastFrames = { 5, 4, 2 };
    private final int[] coastOutputMinHits = { 5, 4, 10 };
    private final double[] minVisibleFraction = { 0.99, 0.5, 0.7 };
    private final double[] gateChiSquare = { 11.6, 40.0, 6.0 };
    private final double[] positionStd = { 0.2, 0.1, 0.1 };
    private final double[] yawStd = { 0.7, 0.5, 0.5 };
    private final double[] detectionProbability = { 0.95, 0.9, 0.5 };
    private final double[] clutterDensity = { 0.01, 0.001, 0.01 };
    private final double[] accelerationStd = { 8.0, 5.0, 2.0 };
    private final double[] turnAccelerationStd = { 6.0, 3.0, 1.5 };
    private final double[] yawAccelerationStd = { 2.0, 1.0, 2.0 };
    private final double[] yawRateStd = { 0.3, 0.3, 0.3 };
    private final double[] initialSpeedStd = { 15.0, 2.0, 10.0 };
    private final double[] scoreOffset = { 3.0, 3.0, 3.0 };
    private final double[] birthExistence = { 0.5, 0.5, 0.5 };
    private final double[] confirmExistence = { 0.9, 0.5, 0.9999 };
    private double confidenceExponent = 1.0;
    private boolean outputDetectionBox = false;
    private double imageWidth = 1242.0;
    private double imageHeight = 375.0;

    public KittiTrackingContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }
        for (final KittiClass kittiClass : KittiClass.values())
        {
            final int c = kittiClass.ordinal();
            final String name = kittiClass.labelName();
            require(Double.isFinite(minScore[c]), "minScore", name, "must be finite", minScore[c]);
            require(birthScore[c] >= minScore[c], "birthScore", name, "must be >= minScore", birthScore[c]);
            require(confirmHits[c] >= 1, "confirmHits", name, "must be >= 1", confirmHits[c]);
            require(tentativeMaxMisses[c] >= 0, "tentativeMaxMisses", name, "must be >= 0", tentativeMaxMisses[c]);
            require(maxCoastFrames[c] >= 0, "maxCoastFrames", name, "must be >= 0", maxCoastFrames[c]);
            require(minVisibleFraction[c] >= 0.0 && minVisibleFraction[c] <= 1.0, "minVisibleFraction", name,
                "must be in [0, 1]", minVisibleFraction[c]);
            require(coastOutputMinHits[c] >= 0, "coastOutputMinHits", name, "must be >= 0", coastOutputMinHits[c]);
            require(outputCoastFrames[c] >= 0 && outputCoastFrames[c] <= maxCoastFrames[c], "outputCoastFrames",
                name, "must be in [0, maxCoastFrames]", outputCoastFrames[c]);
        }
        require(imageWidth > 0.0, "imageWidth", null, "must be > 0", imageWidth);
        require(imageHeight > 0.0, "imageHeight", null, "must be > 0", imageHeight);
        for (final KittiClass kittiClass : KittiClass.values())
        {
            trackerContext(kittiClass).conclude();
        }
        isConcluded = true;
        return this;
    }

    /**
     * A fresh tracker configuration for one class's tracker.
     */
    public TrackerContext trackerContext(final KittiClass kittiClass)
    {
        final int c = kittiClass.ordinal();
        final int trackerClass = kittiClass.trackerClass();
        return new TrackerContext()
            .maxTracks(256)
            .maxMeasurements(256)
            .gateChiSquare(gateChiSquare[c])
            .measurementNoise(LIDAR_SOURCE_KIND, positionStd[c], yawStd[c], 1.0)
            .detectionProbability(LIDAR_SOURCE_KIND, detectionProbability[c])
            .processNoise(trackerClass, accelerationStd[c], turnAccelerationStd[c], yawAccelerationStd[c])
            .yawRateStd(trackerClass, yawRateStd[c])
            .initialSpeedStd(trackerClass, initialSpeedStd[c])
            .clutterDensity(LIDAR_SOURCE_KIND, clutterDensity[c])
            .birthConfidence(trackerClass, confidence(kittiClass, birthScore[c]))
            .birthExistence(birthExistence[c])
            .confirmExistence(confirmExistence[c])
            .confidenceExponent(confidenceExponent)
            // Half a frame of slack so that "coast N frames" survives rounding of the timestamps.
            .lifecycle(trackerClass, confirmHits[c], tentativeMaxMisses[c],
                maxCoastFrames[c] * FRAME_PERIOD_NS + FRAME_PERIOD_NS / 2);
    }

    /**
     * PointRCNN scores are logits, but over-confident ones: on these sequences a Car scoring 3 is
     * right about half the time, not 95 %. The tracker takes {@code 1 / (1 + exp(-(score - offset)))}
     * as the detection's confidence, with the class's {@link #scoreOffset}.
     */
    public double confidence(final KittiClass kittiClass, final double score)
    {
        return 1.0 / (1.0 + Math.exp(-(score - scoreOffset[kittiClass.ordinal()])));
    }

    public KittiTrackingContext scoreOffset(final KittiClass kittiClass, final double offset)
    {
        checkMutable();
        scoreOffset[kittiClass.ordinal()] = offset;
        return this;
    }

    /** Score at which a detection of the class is as likely right as wrong. */
    public double scoreOffset(final KittiClass kittiClass)
    {
        return scoreOffset[kittiClass.ordinal()];
    }

    public KittiTrackingContext clutterDensity(final KittiClass kittiClass, final double density)
    {
        checkMutable();
        clutterDensity[kittiClass.ordinal()] = density;
        return this;
    }

    public KittiTrackingContext minScore(final KittiClass kittiClass, final double score)
    {
        checkMutable();
        minScore[kittiClass.ordinal()] = score;
        return this;
    }

    /** Detections scoring below this are not given to the tracker at all. */
    public double minScore(final KittiClass kittiClass)
    {
        return minScore[kittiClass.ordinal()];
    }

    public KittiTrackingContext birthScore(final KittiClass kittiClass, final double score)
    {
        checkMutable();
        birthScore[kittiClass.ordinal()] = score;
        return this;
    }

    /** A detection may start a track only with at least this score; weaker ones only update tracks. */
    public double birthScore(final KittiClass kittiClass)
    {
        return birthScore[kittiClass.ordinal()];
    }

    public KittiTrackingContext lifecycle(
        final KittiClass kittiClass, final int confirmHits, final int tentativeMaxMisses, final int maxCoastFrames,
        final int outputCoastFrames)
    {
        checkMutable();
        final int c = kittiClass.ordinal();
        this.confirmHits[c] = confirmHits;
        this.tentativeMaxMisses[c] = tentativeMaxMisses;
        this.maxCoastFrames[c] = maxCoastFrames;
        this.outputCoastFrames[c] = outputCoastFrames;
        return this;
    }

    public int confirmHits(final KittiClass kittiClass)
    {
        return confirmHits[kittiClass.ordinal()];
    }

    public int maxCoastFrames(final KittiClass kittiClass)
    {
        return maxCoastFrames[kittiClass.ordinal()];
    }

    /** A confirmed track missed for at most this many frames in a row is still written, at its prediction. */
    public int outputCoastFrames(final KittiClass kittiClass)
    {
        return outputCoastFrames[kittiClass.ordinal()];
    }

    public KittiTrackingContext coastOutput(
        final KittiClass kittiClass, final int outputCoastFrames, final int coastOutputMinHits)
    {
        checkMutable();
        this.outputCoastFrames[kittiClass.ordinal()] = outputCoastFrames;
        this.coastOutputMinHits[kittiClass.ordinal()] = coastOutputMinHits;
        return this;
    }

    /** Only a track with at least this many hits is written while it coasts: young tracks are often false. */
    public int coastOutputMinHits(final KittiClass kittiClass)
    {
        return coastOutputMinHits[kittiClass.ordinal()];
    }

    public KittiTrackingContext minVisibleFraction(final KittiClass kittiClass, final double fraction)
    {
        checkMutable();
        this.minVisibleFraction[kittiClass.ordinal()] = fraction;
        return this;
    }

    /**
     * A coasting track is written only if at least this fraction of its projected box lies in the
     * image: one leaving the field of view is no longer labelled, so writing it could only be false.
     */
    public double minVisibleFraction(final KittiClass kittiClass)
    {
        return minVisibleFraction[kittiClass.ordinal()];
    }

    public KittiTrackingContext gateChiSquare(final KittiClass kittiClass, final double gate)
    {
        checkMutable();
        gateChiSquare[kittiClass.ordinal()] = gate;
        return this;
    }

    public KittiTrackingContext measurementNoise(
        final KittiClass kittiClass, final double positionStd, final double yawStd, final double detectionProbability)
    {
        checkMutable();
        final int c = kittiClass.ordinal();
        this.positionStd[c] = positionStd;
        this.yawStd[c] = yawStd;
        this.detectionProbability[c] = detectionProbability;
        return this;
    }

    public KittiTrackingContext processNoise(
        final KittiClass kittiClass,
        final double accelerationStd,
        final double turnAccelerationStd,
        final double yawAccelerationStd,
        final double yawRateStd,
        final double initialSpeedStd)
    {
        checkMutable();
        final int c = kittiClass.ordinal();
        this.accelerationStd[c] = accelerationStd;
        this.turnAccelerationStd[c] = turnAccelerationStd;
        this.yawAccelerationStd[c] = yawAccelerationStd;
        this.yawRateStd[c] = yawRateStd;
        this.initialSpeedStd[c] = initialSpeedStd;
        return this;
    }

    public KittiTrackingContext existence(
        final KittiClass kittiClass, final double birthExistence, final double confirmExistence)
    {
        checkMutable();
        this.birthExistence[kittiClass.ordinal()] = birthExistence;
        this.confirmExistence[kittiClass.ordinal()] = confirmExistence;
        return this;
    }

    public KittiTrackingContext confidenceExponent(final double exponent)
    {
        checkMutable();
        this.confidenceExponent = exponent;
        return this;
    }

    public KittiTrackingContext outputDetectionBox(final boolean outputDetectionBox)
    {
        checkMutable();
        this.outputDetectionBox = outputDetectionBox;
        return this;
    }

    /**
     * When a track is updated in a frame, write the associated detection's 3D box (true) or the
     * filtered estimate (false). Coasting tracks always write their prediction.
     */
    public boolean outputDetectionBox()
    {
        return outputDetectionBox;
    }

    public KittiTrackingContext imageSize(final double width, final double height)
    {
        checkMutable();
        this.imageWidth = width;
        this.imageHeight = height;
        return this;
    }

    /** Coasting tracks' projected boxes are clipped to this image size, px (KITTI: about 1242 x 375). */
    public double imageWidth()
    {
        return imageWidth;
    }

    public double imageHeight()
    {
        return imageHeight;
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("KittiTrackingContext is concluded and can no longer change");
        }
    }

    private static void require(
        final boolean condition, final String field, final String className, final String rule, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("KittiTrackingContext." + field +
                (null == className ? "" : "[" + className + "]") + " " + rule + ": " + value);
        }
    }
}
