package io.fusebox.runtime.fusion.tracking;

/**
 * One tracked object, as the {@link Tracker} last estimated it. Instances belong to the tracker's
 * preallocated table and are reused once a track is deleted: read them between updates, keep the
 * {@link #id()} rather than the object.
 * <p>
 * The state is {@code [x, y, vx, vy, yaw, yawRate]} in the tracking frame (m, m/s, rad, rad/s),
 * the combination of an interacting-multiple-model estimate over a straight and a turning motion
 * model. {@code yaw} is the box orientation, which need not follow the velocity: in a frame that
 * moves with the ego vehicle a crossing car's box and its relative velocity point different ways.
 */
public final class Track
{
    public static final int X = 0;
    public static final int Y = 1;
    public static final int VX = 2;
    public static final int VY = 3;
    public static final int YAW = 4;
    public static final int YAW_RATE = 5;
    public static final int STATE_SIZE = 6;

    /** Index of the constant-velocity (straight) model. */
    public static final int MODEL_CONSTANT_VELOCITY = 0;
    /** Index of the constant-turn-rate-and-velocity model. */
    public static final int MODEL_CONSTANT_TURN = 1;
    public static final int MODEL_COUNT = 2;

    static final int COVARIANCE_SIZE = STATE_SIZE * STATE_SIZE;

    final double[] modelState = new double[MODEL_COUNT * STATE_SIZE];
    final double[] modelCovariance = new double[MODEL_COUNT * COVARIANCE_SIZE];
    final double[] modelProbability = new double[MODEL_COUNT];
    final double[] state = new double[STATE_SIZE];
    final double[] covariance = new double[COVARIANCE_SIZE];
    final double[] classLogEvidence = new double[TrackerContext.MAX_CLASSES];
    final double[] classProbability = new double[TrackerContext.MAX_CLASSES];

    int id;
    TrackStatus status = TrackStatus.DELETED;
    int objectClass;
    double existenceLogOdds;
    int hits;
    int consecutiveMisses;
    long timeNs;
    long firstTimeNs;
    long lastUpdateTimeNs;
    int measurementIndex = -1;
    long contributingSources;
    double confidence;
    double length;
    double width;
    double height;
    double elevation;
    boolean hasSize;
    boolean hasElevation;
    /** Orientation of the box as of the current update's association, for surface measurements. */
    double yawCos = 1.0;
    double yawSin;

    /** Unique within a tracker, increasing in order of birth, from 0. */
    public int id()
    {
        return id;
    }

    public TrackStatus status()
    {
        return status;
    }

    /** True for confirmed and coasting tracks: the ones a consumer should believe. */
    public boolean isConfirmed()
    {
        return status == TrackStatus.CONFIRMED || status == TrackStatus.COASTING;
    }

    public double x()
    {
        return state[X];
    }

    public double y()
    {
        return state[Y];
    }

    public double vx()
    {
        return state[VX];
    }

    public double vy()
    {
        return state[VY];
    }

    public double speed()
    {
        return StrictMath.hypot(state[VX], state[VY]);
    }

    /** Box orientation, rad, in (-pi, pi]. */
    public double yaw()
    {
        return state[YAW];
    }

    public double yawRate()
    {
        return state[YAW_RATE];
    }

    /** One element of the state, by the index constants of this class. */
    public double state(final int index)
    {
        return state[index];
    }

    /** One element of the combined state covariance, by the index constants of this class. */
    public double covariance(final int row, final int column)
    {
        return covariance[row * STATE_SIZE + column];
    }

    /** Probability of a motion model, {@link #MODEL_CONSTANT_VELOCITY} or {@link #MODEL_CONSTANT_TURN}. */
    public double modelProbability(final int model)
    {
        return modelProbability[model];
    }

    /** Most probable class after fusing every associated measurement's class. */
    public int objectClass()
    {
        return objectClass;
    }

    /** Probability of {@link #objectClass()}. */
    public double classConfidence()
    {
        return classProbability[objectClass];
    }

    public double classProbability(final int objectClass)
    {
        return classProbability[objectClass];
    }

    /** Probability that the object is real. */
    public double existence()
    {
        return 1.0 / (1.0 + StrictMath.exp(-existenceLogOdds));
    }

    /** Existence as log-odds, which keeps its resolution where the probability rounds to 0 or 1. */
    public double existenceLogOdds()
    {
        return existenceLogOdds;
    }

    /** Measurements associated over the track's life. */
    public int hits()
    {
        return hits;
    }

    /** Batches from covering sources in a row that had no measurement for this track. */
    public int consecutiveMisses()
    {
        return consecutiveMisses;
    }

    /** Time the estimate is valid at, ns. */
    public long timeNs()
    {
        return timeNs;
    }

    public long firstTimeNs()
    {
        return firstTimeNs;
    }

    public long lastUpdateTimeNs()
    {
        return lastUpdateTimeNs;
    }

    /** Index in the last batch of the measurement associated to this track, or -1 if none was. */
    public int measurementIndex()
    {
        return measurementIndex;
    }

    /** Bit i set: source index i has contributed a measurement. */
    public long contributingSources()
    {
        return contributingSources;
    }

    /** Detection confidence of the last associated measurement. */
    public double confidence()
    {
        return confidence;
    }

    public boolean hasSize()
    {
        return hasSize;
    }

    public double length()
    {
        return length;
    }

    public double width()
    {
        return width;
    }

    public double height()
    {
        return height;
    }

    public boolean hasElevation()
    {
        return hasElevation;
    }

    /** Smoothed bottom of the box in the convention the measurements gave it. */
    public double elevation()
    {
        return elevation;
    }

    public String toString()
    {
        return "Track{id=" + id + ", status=" + status + ", class=" + objectClass +
            ", x=" + state[X] + ", y=" + state[Y] + ", vx=" + state[VX] + ", vy=" + state[VY] +
            ", yaw=" + state[YAW] + ", yawRate=" + state[YAW_RATE] + ", existence=" + existence() +
            ", hits=" + hits + ", misses=" + consecutiveMisses + '}';
    }
}
