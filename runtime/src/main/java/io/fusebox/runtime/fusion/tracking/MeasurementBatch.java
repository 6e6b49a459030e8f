package io.fusebox.runtime.fusion.tracking;

import java.util.Arrays;

/**
 * The measurements one source produced at one instant (a LiDAR sweep's boxes, a radar scan's
 * clusters, a camera frame's 3D detections), in the tracking frame, held as parallel preallocated
 * arrays and reused from scan to scan.
 * <p>
 * Every measurement has a position, a class with its confidence, and a detection confidence;
 * orientation, velocity, box size, elevation and a covariance of its own are optional. Where a
 * measurement carries no covariance, the tracker takes the noise configured for the source's kind.
 * <pre>
 * batch.reset(timeNs, sensorIndex, sensorKind);
 * final int i = batch.add(x, y, objectClass, classConfidence, confidence);
 * batch.yaw(i, yaw).size(i, length, width, height);
 * tracker.update(batch);
 * </pre>
 */
public final class MeasurementBatch
{
    private final int capacity;
    private long timeNs;
    private int sourceIndex;
    private int sourceKind;
    private int size;
    private long droppedCount;
    private boolean startsTracks = true;
    private boolean updatesTentative = true;

    private final double[] x;
    private final double[] y;
    private final double[] positionCovariance;
    private final boolean[] hasPositionCovariance;
    private final double[] yaw;
    private final double[] yawVariance;
    private final boolean[] hasYaw;
    private final double[] velocity;
    private final double[] velocityCovariance;
    private final boolean[] hasVelocity;
    private final double[] length;
    private final double[] width;
    private final double[] height;
    private final boolean[] hasSize;
    private final double[] elevation;
    private final boolean[] hasElevation;
    private final int[] objectClass;
    private final double[] classConfidence;
    private final double[] confidence;
    private final boolean[] isSurface;
    private final double[] sensorX;
    private final double[] sensorY;

    /**
     * @param capacity most measurements one batch holds; more are dropped and counted.
     */
    public MeasurementBatch(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("MeasurementBatch.capacity must be >= 1: " + capacity);
        }
        this.capacity = capacity;
        x = new double[capacity];
        y = new double[capacity];
        positionCovariance = new double[capacity * 3];
        hasPositionCovariance = new boolean[capacity];
        yaw = new double[capacity];
        yawVariance = new double[capacity];
        hasYaw = new boolean[capacity];
        velocity = new double[capacity * 2];
        velocityCovariance = new double[capacity * 3];
        hasVelocity = new boolean[capacity];
        length = new double[capacity];
        width = new double[capacity];
        height = new double[capacity];
        hasSize = new boolean[capacity];
        elevation = new double[capacity];
        hasElevation = new boolean[capacity];
        objectClass = new int[capacity];
        classConfidence = new double[capacity];
        confidence = new double[capacity];
        isSurface = new boolean[capacity];
        sensorX = new double[capacity];
        sensorY = new double[capacity];
    }

    /**
     * Empties the batch for a new scan.
     *
     * @param timeNs      capture time of the scan, ns, on the clock every batch of this tracker uses.
     * @param sourceIndex the sensor that produced it, in [0, 64): it marks the tracks it contributes to.
     * @param sourceKind  the kind of that sensor, which selects its configured noise.
     * @return this.
     */
    public MeasurementBatch reset(final long timeNs, final int sourceIndex, final int sourceKind)
    {
        if (sourceIndex < 0 || sourceIndex >= Long.SIZE)
        {
            throw new IllegalArgumentException("MeasurementBatch.sourceIndex must be in [0, 64): " + sourceIndex);
        }
        if (sourceKind < 0 || sourceKind >= TrackerContext.MAX_SOURCE_KINDS)
        {
            throw new IllegalArgumentException("MeasurementBatch.sourceKind must be in [0, " +
                TrackerContext.MAX_SOURCE_KINDS + "): " + sourceKind);
        }
        this.timeNs = timeNs;
        this.sourceIndex = sourceIndex;
        this.sourceKind = sourceKind;
        this.size = 0;
        this.startsTracks = true;
        this.updatesTentative = true;
        return this;
    }

    /**
     * Whether this batch's measurements may update tentative tracks (true after {@link #reset}): a
     * cluttered source that may only confirm what others started leaves tentative tracks alone, neither
     * detecting nor missing them, so its clutter cannot keep a phantom alive.
     */
    public MeasurementBatch updatesTentative(final boolean updatesTentative)
    {
        this.updatesTentative = updatesTentative;
        return this;
    }

    public boolean updatesTentative()
    {
        return updatesTentative;
    }

    /**
     * Whether this batch's unassociated measurements may start tracks (true after {@link #reset}): a
     * source whose positions are too loose to place a new track, or too cluttered, only updates.
     */
    public MeasurementBatch startsTracks(final boolean startsTracks)
    {
        this.startsTracks = startsTracks;
        return this;
    }

    public boolean startsTracks()
    {
        return startsTracks;
    }

    /**
     * Adds a measurement with its position and class; the optional parts default to absent.
     *
     * @param x               position in the tracking frame, m.
     * @param y               position in the tracking frame, m.
     * @param objectClass     class index in [0, {@link TrackerContext#MAX_CLASSES}).
     * @param classConfidence probability that the class is right, in [0, 1].
     * @param confidence      probability that the detection is a real object, in [0, 1].
     * @return the index of the measurement in this batch, or -1 when the batch is full (counted).
     */
    public int add(
        final double x, final double y, final int objectClass, final double classConfidence, final double confidence)
    {
        if (objectClass < 0 || objectClass >= TrackerContext.MAX_CLASSES)
        {
            throw new IllegalArgumentException("MeasurementBatch.objectClass must be in [0, " +
                TrackerContext.MAX_CLASSES + "): " + objectClass);
        }
        if (!(classConfidence >= 0.0 && classConfidence <= 1.0) || !(confidence >= 0.0 && confidence <= 1.0))
        {
            throw new IllegalArgumentException("MeasurementBatch: classConfidence and confidence must be in [0, 1]: " +
                classConfidence + ", " + confidence);
        }
        if (size == capacity)
        {
            droppedCount++;
            return -1;
        }

        final int i = size++;
        this.x[i] = x;
        this.y[i] = y;
        this.objectClass[i] = objectClass;
        this.classConfidence[i] = clampProbability(classConfidence);
        this.confidence[i] = clampProbability(confidence);
        hasPositionCovariance[i] = false;
        hasYaw[i] = false;
        hasVelocity[i] = false;
        hasSize[i] = false;
        hasElevation[i] = false;
        isSurface[i] = false;
        return i;
    }

    /** Position covariance of measurement i, m^2, overriding the source kind's noise. */
    public MeasurementBatch positionCovariance(final int i, final double xx, final double xy, final double yy)
    {
        checkIndex(i);
        positionCovariance[i * 3] = xx;
        positionCovariance[i * 3 + 1] = xy;
        positionCovariance[i * 3 + 2] = yy;
        hasPositionCovariance[i] = true;
        return this;
    }

    /** Box orientation of measurement i, rad, an axis (front and back alike), with the source kind's noise. */
    public MeasurementBatch yaw(final int i, final double yaw)
    {
        return yaw(i, yaw, Double.NaN);
    }

    /** Box orientation of measurement i, rad, with its variance (NaN: the source kind's noise). */
    public MeasurementBatch yaw(final int i, final double yaw, final double variance)
    {
        checkIndex(i);
        this.yaw[i] = yaw;
        this.yawVariance[i] = variance;
        hasYaw[i] = true;
        return this;
    }

    /** Velocity of measurement i, m/s, with the source kind's noise. */
    public MeasurementBatch velocity(final int i, final double vx, final double vy)
    {
        return velocity(i, vx, vy, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Velocity of measurement i, m/s, with its covariance (NaN: the source kind's noise). */
    public MeasurementBatch velocity(
        final int i, final double vx, final double vy, final double xx, final double xy, final double yy)
    {
        checkIndex(i);
        velocity[i * 2] = vx;
        velocity[i * 2 + 1] = vy;
        velocityCovariance[i * 3] = xx;
        velocityCovariance[i * 3 + 1] = xy;
        velocityCovariance[i * 3 + 2] = yy;
        hasVelocity[i] = true;
        return this;
    }

    /** Box size of measurement i, m. */
    public MeasurementBatch size(final int i, final double length, final double width, final double height)
    {
        checkIndex(i);
        this.length[i] = length;
        this.width[i] = width;
        this.height[i] = height;
        hasSize[i] = true;
        return this;
    }

    /** Vertical coordinate of the bottom of measurement i's box, m, in whatever convention the caller keeps. */
    public MeasurementBatch elevation(final int i, final double elevation)
    {
        checkIndex(i);
        this.elevation[i] = elevation;
        hasElevation[i] = true;
        return this;
    }

    /**
     * Marks measurement i as a point on the object's surface facing a sensor at (sensorX, sensorY) in the
     * tracking frame (a radar's reflections), not its centre: the tracker then compares it with the
     * point where the line of sight enters each track's box, so a track's size moves it back to the centre.
     */
    public MeasurementBatch surface(final int i, final double sensorX, final double sensorY)
    {
        checkIndex(i);
        this.sensorX[i] = sensorX;
        this.sensorY[i] = sensorY;
        isSurface[i] = true;
        return this;
    }

    public long timeNs()
    {
        return timeNs;
    }

    public int sourceIndex()
    {
        return sourceIndex;
    }

    public int sourceKind()
    {
        return sourceKind;
    }

    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return capacity;
    }

    /** Measurements refused because the batch was full, since it was created. */
    public long droppedCount()
    {
        return droppedCount;
    }

    public double x(final int i)
    {
        return x[i];
    }

    public double y(final int i)
    {
        return y[i];
    }

    public int objectClass(final int i)
    {
        return objectClass[i];
    }

    public double classConfidence(final int i)
    {
        return classConfidence[i];
    }

    public double confidence(final int i)
    {
        return confidence[i];
    }

    public boolean hasPositionCovariance(final int i)
    {
        return hasPositionCovariance[i];
    }

    /** Element 0 (xx), 1 (xy) or 2 (yy) of measurement i's own position covariance. */
    public double positionCovariance(final int i, final int element)
    {
        return positionCovariance[i * 3 + element];
    }

    public boolean hasYaw(final int i)
    {
        return hasYaw[i];
    }

    public double yaw(final int i)
    {
        return yaw[i];
    }

    public double yawVariance(final int i)
    {
        return yawVariance[i];
    }

    public boolean hasVelocity(final int i)
    {
        return hasVelocity[i];
    }

    public double vx(final int i)
    {
        return velocity[i * 2];
    }

    public double vy(final int i)
    {
        return velocity[i * 2 + 1];
    }

    /** Element 0 (xx), 1 (xy) or 2 (yy) of measurement i's own velocity covariance, NaN when absent. */
    public double velocityCovariance(final int i, final int element)
    {
        return velocityCovariance[i * 3 + element];
    }

    public boolean hasSize(final int i)
    {
        return hasSize[i];
    }

    public double length(final int i)
    {
        return length[i];
    }

    public double width(final int i)
    {
        return width[i];
    }

    public double height(final int i)
    {
        return height[i];
    }

    public boolean hasElevation(final int i)
    {
        return hasElevation[i];
    }

    public double elevation(final int i)
    {
        return elevation[i];
    }

    public boolean isSurface(final int i)
    {
        return isSurface[i];
    }

    public double sensorX(final int i)
    {
        return sensorX[i];
    }

    public double sensorY(final int i)
    {
        return sensorY[i];
    }

    public String toString()
    {
        return "MeasurementBatch{timeNs=" + timeNs + ", sourceIndex=" + sourceIndex + ", sourceKind=" + sourceKind +
            ", size=" + size + ", x=" + Arrays.toString(Arrays.copyOf(x, size)) +
            ", y=" + Arrays.toString(Arrays.copyOf(y, size)) + '}';
    }

    private void checkIndex(final int i)
    {
        if (i < 0 || i >= size)
        {
            throw new IndexOutOfBoundsException("measurement " + i + " not in batch of " + size);
        }
    }

    private static double clampProbability(final double p)
    {
        // Keeps log-odds finite; a detector's 0 or 1 is never literally certain.
        return Math.min(1.0 - 1e-6, Math.max(1e-6, p));
    }
}
