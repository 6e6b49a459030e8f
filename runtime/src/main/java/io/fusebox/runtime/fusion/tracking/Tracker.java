package io.fusebox.runtime.fusion.tracking;

import io.fusebox.sensors.codec.ObjectClass;

import static io.fusebox.runtime.fusion.tracking.Track.COVARIANCE_SIZE;
import static io.fusebox.runtime.fusion.tracking.Track.STATE_SIZE;
import static io.fusebox.runtime.fusion.tracking.Track.VX;
import static io.fusebox.runtime.fusion.tracking.Track.VY;
import static io.fusebox.runtime.fusion.tracking.Track.X;
import static io.fusebox.runtime.fusion.tracking.Track.Y;
import static io.fusebox.runtime.fusion.tracking.Track.YAW;
import static io.fusebox.runtime.fusion.tracking.Track.YAW_RATE;

/**
 * Multi-object tracker in a 2D ground-plane frame, fed one {@link MeasurementBatch} (one scan of
 * one source) at a time, in capture-time order.
 * <p>
 * Each {@link #update(MeasurementBatch)}:
 * <ol>
 *     <li>predicts every track to the batch's time with its {@link ImmFilter IMM EKF};</li>
 *     <li>gates every track-measurement pair on the squared Mahalanobis distance of the position
 *     innovation (chi-square, 2 degrees of freedom), of the velocity innovation too where the
 *     measurement carries a velocity, and on class compatibility, and costs the feasible ones at
 *     their negative log-likelihood {@code d^2 + ln|S| - 2 ln(class agreement)};</li>
 *     <li>solves the assignment optimally ({@link AssignmentSolver});</li>
 *     <li>updates associated tracks: state, class evidence, size, and existence as log-odds, raised
 *     by the detection's spatial likelihood against clutter ({@link TrackerContext#clutterDensity})
 *     and its confidence, lowered by a miss against each unassociated track the source covers
 *     ({@link SensorCoverage}); confident leftover measurements start tentative tracks;</li>
 *     <li>moves tracks through tentative, confirmed, coasting and deleted.</li>
 * </ol>
 * Time comes only from batch timestamps, tracks are kept and visited in id order, and all state
 * lives in tables sized by the {@link TrackerContext}: the same batches give the same tracks, and
 * the steady state allocates nothing. Transcendental functions come from {@link StrictMath}, so a
 * drive recorded on the board (aarch64) replays to the same bits on an x86 laptop, where
 * {@link Math}'s intrinsics may round differently. Not thread safe; one tracker belongs to one agent.
 */
public final class Tracker
{
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double MAX_LOG_ODDS = 50.0;
    private static final double PART_LENGTH_SHARE = 0.5;
    private static final double LOG_TWO_PI = StrictMath.log(2.0 * Math.PI);
    private static final double UNKNOWN_YAW_VARIANCE = (0.5 * Math.PI) * (0.5 * Math.PI);

    /** Class index meaning "no class information": agrees equally with every class. */
    public static final int UNKNOWN_CLASS = 0;
    /** A still object no bigger than this either way is a post or a pillar: all of it shows. */
    private static final double POST_MAX_SIZE_M = 1.0;
    /** Whatever travels does so along its length: see {@link TrackerContext#headingFollowsTravel()}. */
    private static final double TRAVEL_AXIS_TOLERANCE_RAD = 0.25 * Math.PI;
    private static final double TRAVEL_MIN_SPEED_MPS = 3.0;
    /** How well the direction of travel must be known, rad (one standard deviation). */
    private static final double TRAVEL_MAX_HEADING_STD_RAD = 0.2;

    private final TrackerContext context;
    private final ImmFilter filter;
    private final AssignmentSolver solver;
    private final Track[] tracks;
    private final Track[] deleted;
    private final boolean[] measurementAssigned;
    private final boolean[] measurementFitsEstablished;
    private final boolean[] concerned;
    private int trackCount;
    private int nextId;

    private final double[] measurement = new double[STATE_SIZE];
    private final double[] noise = new double[STATE_SIZE * STATE_SIZE];
    private final int[] components = new int[STATE_SIZE];
    private final double[] initialState = new double[STATE_SIZE];
    private final double[] initialCovariance = new double[COVARIANCE_SIZE];
    private final double[] measurementClass = new double[TrackerContext.MAX_CLASSES];
    private double distanceSquared;
    private double determinant;
    private double measuredX;
    private double measuredY;
    // Variance of the implied centre across the line of sight (a surface point's), as xx, xy, yy.
    private double impliedXX;
    private double impliedXY;
    private double impliedYY;

    private long lateBatchCount;
    private long droppedMeasurementCount;
    private long refusedBirthCount;
    private long createdCount;
    private long confirmedCount;
    private long deletedCount;
    private long droppedDuplicateCount;
    private long fragmentCount;

    /**
     * @param context configuration; concluded here if it was not already.
     */
    public Tracker(final TrackerContext context)
    {
        this.context = context.conclude();
        filter = new ImmFilter(context);
        solver = new AssignmentSolver(context.maxTracks(), context.maxMeasurements());
        tracks = new Track[context.maxTracks()];
        deleted = new Track[context.maxTracks()];
        for (int i = 0; i < tracks.length; i++)
        {
            tracks[i] = new Track();
        }
        measurementAssigned = new boolean[context.maxMeasurements()];
        measurementFitsEstablished = new boolean[context.maxMeasurements()];
        concerned = new boolean[context.maxTracks()];
    }

    public TrackerContext context()
    {
        return context;
    }

    /**
     * Predicts, associates, updates and manages tracks with one scan.
     */
    public void update(final MeasurementBatch batch)
    {
        final long timeNs = batch.timeNs();
        final int sourceIndex = batch.sourceIndex();
        final int sourceKind = batch.sourceKind();
        int measurementCount = batch.size();
        if (measurementCount > context.maxMeasurements())
        {
            droppedMeasurementCount += measurementCount - context.maxMeasurements();
            measurementCount = context.maxMeasurements();
        }

        for (int r = 0; r < trackCount; r++)
        {
            tracks[r].measurementIndex = -1;
        }
        if (context.lazyPrediction())
        {
            predictConcerned(batch, measurementCount);
        }
        else
        {
            predictTo(timeNs);
            for (int r = 0; r < trackCount; r++)
            {
                concerned[r] = true;
            }
        }
        associate(batch, measurementCount);

        for (int r = 0; r < trackCount; r++)
        {
            final Track track = tracks[r];
            final int m = solver.columnForRow(r);
            if (m >= 0)
            {
                correct(track, batch, m);
            }
            else if (concerned[r] && (track.status != TrackStatus.TENTATIVE || batch.updatesTentative()) &&
                context.coverage().covers(sourceIndex, track))
            {
                miss(track, sourceKind);
            }
        }

        for (int m = 0; m < measurementCount; m++)
        {
            if (!measurementAssigned[m] && batch.startsTracks() &&
                batch.confidence(m) >= context.birthConfidence(batch.objectClass(m)))
            {
                if (context.dropDuplicates() && measurementFitsEstablished[m])
                {
                    fragmentCount++;
                }
                else
                {
                    birth(batch, m);
                }
            }
        }

        if (context.dropDuplicates())
        {
            dropDuplicates();
        }
        manageLifecycle(timeNs);
    }

    /**
     * Predicts to the batch's time only the tracks the batch concerns: those a measurement might gate
     * with (within a generous radius of the track's straight-line extrapolation) or the source covers
     * there. The rest keep their older estimate and are predicted over the longer interval when next
     * concerned, which costs a few IMM steps fewer and changes the estimate only in the mixing.
     */
    private void predictConcerned(final MeasurementBatch batch, final int measurementCount)
    {
        final long timeNs = batch.timeNs();
        final double gate = context.gateChiSquare();
        boolean late = false;
        for (int r = 0; r < trackCount; r++)
        {
            final Track track = tracks[r];
            final long dtNs = timeNs - track.timeNs;
            if (dtNs < 0)
            {
                late = true;
                concerned[r] = false;
                continue;
            }
            final double dt = dtNs / NANOS_PER_SECOND;
            final double x = track.state[X] + track.state[VX] * dt;
            final double y = track.state[Y] + track.state[VY] * dt;
            final double[] p = track.covariance;
            final double spread = p[X * STATE_SIZE + X] + p[Y * STATE_SIZE + Y] +
                dt * dt * (p[VX * STATE_SIZE + VX] + p[VY * STATE_SIZE + VY]);
            final double extent = track.hasSize ? 0.5 * Math.max(track.length, track.width) : 0.0;
            boolean near = false;
            for (int m = 0; m < measurementCount && !near; m++)
            {
                final double noise = batch.hasPositionCovariance(m) ?
                    batch.positionCovariance(m, 0) + batch.positionCovariance(m, 2) :
                    2.0 * context.positionStd(batch.sourceKind()) * context.positionStd(batch.sourceKind());
                final double radius = Math.sqrt(gate * (spread + noise)) + (batch.isSurface(m) ? extent : 0.0) + 1.0;
                final double dx = batch.x(m) - x;
                final double dy = batch.y(m) - y;
                near = dx * dx + dy * dy <= radius * radius;
            }
            concerned[r] = near || context.coverage().covers(batch.sourceIndex(), x, y);
            if (concerned[r])
            {
                filter.predict(track, dt, track.objectClass);
                track.timeNs = timeNs;
            }
        }
        if (late)
        {
            lateBatchCount++;
        }
    }

    /**
     * Predicts every track to timeNs without changing its lifecycle, e.g. to publish a world model
     * at a time of its own. A time before a track's own is ignored for that track.
     */
    public void predictTo(final long timeNs)
    {
        boolean late = false;
        for (int r = 0; r < trackCount; r++)
        {
            final Track track = tracks[r];
            final long dtNs = timeNs - track.timeNs;
            if (dtNs < 0)
            {
                late = true;
                continue;
            }
            filter.predict(track, dtNs / NANOS_PER_SECOND, track.objectClass);
            track.timeNs = timeNs;
        }
        if (late)
        {
            lateBatchCount++;
        }
    }

    /**
     * Deletes every track and restarts ids at 0, keeping the tables and the counters.
     */
    public void reset()
    {
        for (int r = 0; r < trackCount; r++)
        {
            tracks[r].status = TrackStatus.DELETED;
        }
        trackCount = 0;
        nextId = 0;
    }

    /** Live tracks (tentative, confirmed, coasting), in increasing id order. */
    public int trackCount()
    {
        return trackCount;
    }

    /**
     * @param index in [0, {@link #trackCount()}).
     * @return the track at index; the object is reused after the track is deleted.
     */
    public Track track(final int index)
    {
        if (index < 0 || index >= trackCount)
        {
            throw new IndexOutOfBoundsException("track " + index + " of " + trackCount);
        }
        return tracks[index];
    }

    /** Batches whose time was behind some track's time; those tracks were not predicted backwards. */
    public long lateBatchCount()
    {
        return lateBatchCount;
    }

    /** Measurements beyond {@link TrackerContext#maxMeasurements()} in a batch, not used. */
    public long droppedMeasurementCount()
    {
        return droppedMeasurementCount;
    }

    /** Tracks not started because the table was full. */
    public long refusedBirthCount()
    {
        return refusedBirthCount;
    }

    public long createdCount()
    {
        return createdCount;
    }

    public long confirmedCount()
    {
        return confirmedCount;
    }

    public long deletedCount()
    {
        return deletedCount;
    }

    /**
     * Unassigned detections that fit an established track (within its gate, class and velocity compatible) and so
     * started no track: a second piece of an object whose track took a better detection, e.g. a LiDAR cluster of
     * the far edge of a car's roof ({@link TrackerContext#dropDuplicates()}).
     */
    public long fragmentCount()
    {
        return fragmentCount;
    }

    /** Tracks deleted as duplicates of another on the same object ({@link TrackerContext#dropDuplicates()}). */
    public long droppedDuplicateCount()
    {
        return droppedDuplicateCount;
    }

    private void associate(final MeasurementBatch batch, final int measurementCount)
    {
        final double gate = context.gateChiSquare();
        final double minCompatibility = context.minClassCompatibility();

        boolean anySurface = false;
        for (int m = 0; m < measurementCount && !anySurface; m++)
        {
            anySurface = batch.isSurface(m);
        }
        solver.reset(trackCount, measurementCount);
        for (int m = 0; m < measurementCount; m++)
        {
            measurementFitsEstablished[m] = false;
        }
        for (int r = 0; r < trackCount; r++)
        {
            final Track track = tracks[r];
            if (!concerned[r] || (track.status == TrackStatus.TENTATIVE && !batch.updatesTentative()))
            {
                continue;
            }
            if (anySurface && track.hasSize)
            {
                track.yawCos = StrictMath.cos(track.state[YAW]);
                track.yawSin = StrictMath.sin(track.state[YAW]);
            }
            for (int m = 0; m < measurementCount; m++)
            {
                if (!positionInnovation(track, batch, m) || distanceSquared > gate)
                {
                    continue;
                }
                final double compatibility = classCompatibility(track, batch, m);
                if (compatibility < minCompatibility)
                {
                    continue;
                }
                double cost = distanceSquared + StrictMath.log(determinant) - 2.0 * StrictMath.log(compatibility);
                if (batch.hasVelocity(m))
                {
                    // A measured velocity must fit too: a static return beside a moving car is not the car.
                    if (!velocityInnovation(track, batch, m) || distanceSquared > gate)
                    {
                        continue;
                    }
                    cost += distanceSquared + StrictMath.log(determinant);
                }
                solver.cost(r, m, cost);
                measurementFitsEstablished[m] |= track.hasSize &&
                    (track.status == TrackStatus.CONFIRMED || track.status == TrackStatus.COASTING);
            }
        }
        solver.solve();

        for (int m = 0; m < measurementCount; m++)
        {
            measurementAssigned[m] = solver.rowForColumn(m) >= 0;
        }
    }

    /**
     * Squared Mahalanobis distance and determinant of the position innovation of measurement m
     * against the track's prediction, into {@link #distanceSquared} and {@link #determinant}.
     *
     * @return false when the innovation covariance is degenerate.
     */
    private boolean positionInnovation(final Track track, final MeasurementBatch batch, final int m)
    {
        impliedCentre(track, batch, m);
        final double[] p = track.covariance;
        double sxx = p[X * STATE_SIZE + X];
        double sxy = p[X * STATE_SIZE + Y];
        double syy = p[Y * STATE_SIZE + Y];
        if (batch.hasPositionCovariance(m))
        {
            sxx += batch.positionCovariance(m, 0);
            sxy += batch.positionCovariance(m, 1);
            syy += batch.positionCovariance(m, 2);
        }
        else
        {
            final double std = context.positionStd(batch.sourceKind());
            sxx += std * std;
            syy += std * std;
        }
        final double sizeVariance = sizeDisagreementVariance(track, batch, m);
        sxx += sizeVariance + impliedXX;
        sxy += impliedXY;
        syy += sizeVariance + impliedYY;
        determinant = sxx * syy - sxy * sxy;
        if (!(determinant > 0.0))
        {
            return false;
        }
        final double dx = measuredX - track.state[X];
        final double dy = measuredY - track.state[Y];
        distanceSquared = (syy * dx * dx - 2.0 * sxy * dx * dy + sxx * dy * dy) / determinant;
        return true;
    }

    /**
     * Squared Mahalanobis distance and determinant of the velocity innovation of measurement m against
     * the track's prediction, into {@link #distanceSquared} and {@link #determinant}.
     *
     * @return false when the innovation covariance is degenerate.
     */
    private boolean velocityInnovation(final Track track, final MeasurementBatch batch, final int m)
    {
        final double[] p = track.covariance;
        double sxx = p[VX * STATE_SIZE + VX];
        double sxy = p[VX * STATE_SIZE + VY];
        double syy = p[VY * STATE_SIZE + VY];
        if (Double.isNaN(batch.velocityCovariance(m, 0)))
        {
            final double std = context.velocityStd(batch.sourceKind());
            sxx += std * std;
            syy += std * std;
        }
        else
        {
            sxx += batch.velocityCovariance(m, 0);
            sxy += batch.velocityCovariance(m, 1);
            syy += batch.velocityCovariance(m, 2);
        }
        determinant = sxx * syy - sxy * sxy;
        if (!(determinant > 0.0))
        {
            return false;
        }
        final double dx = batch.vx(m) - track.state[VX];
        final double dy = batch.vy(m) - track.state[VY];
        distanceSquared = (syy * dx * dx - 2.0 * sxy * dx * dy + sxx * dy * dy) / determinant;
        return true;
    }

    /**
     * Where measurement m puts the track's centre, into {@link #measuredX} and {@link #measuredY}: the
     * measurement itself, or for a surface point on a track of known size, the point moved along the
     * line of sight by the depth of the track's box from its surface to its centre. A surface point is
     * anywhere on the box's outline as the sensor sees it, so the centre it implies is as uncertain across
     * the line of sight as the box is wide there (uniformly: a third of the half extent squared), into
     * {@link #impliedXX}, {@link #impliedXY} and {@link #impliedYY}; zero for anything else. Without it a
     * radar's returns off the near corner of a car parked across its view pull the car's centre to that corner.
     */
    private void impliedCentre(final Track track, final MeasurementBatch batch, final int m)
    {
        measuredX = batch.x(m);
        measuredY = batch.y(m);
        impliedXX = 0.0;
        impliedXY = 0.0;
        impliedYY = 0.0;
        if (!batch.isSurface(m) || !track.hasSize)
        {
            return;
        }
        final double lx = measuredX - batch.sensorX(m);
        final double ly = measuredY - batch.sensorY(m);
        final double norm = Math.sqrt(lx * lx + ly * ly);
        if (!(norm > 0.0))
        {
            return;
        }
        final double ux = lx / norm;
        final double uy = ly / norm;
        final double cos = track.yawCos;
        final double sin = track.yawSin;
        final double along = Math.abs(ux * cos + uy * sin);
        final double across = Math.abs(-ux * sin + uy * cos);
        final double depth = Math.min(
            along > 1e-9 ? 0.5 * track.length / along : Double.POSITIVE_INFINITY,
            across > 1e-9 ? 0.5 * track.width / across : Double.POSITIVE_INFINITY);
        measuredX += depth * ux;
        measuredY += depth * uy;
        // Half the box's extent across the line of sight: the outline's projection on the normal (-uy, ux).
        final double halfAcrossSight = 0.5 * (across * track.length + along * track.width);
        final double variance = halfAcrossSight * halfAcrossSight / 3.0;
        impliedXX = variance * uy * uy;
        impliedXY = -variance * ux * uy;
        impliedYY = variance * ux * ux;
    }

    /**
     * How little a box's centre says when its size disagrees with the track's: a box that is half a car longer than
     * the car (a cluster that took in the pillar beside it, or a face that grew as more of the object came into
     * view) has its centre anywhere within half that difference: taken at face value, its shift leaves the gate
     * (a second track on one object) or reads as motion. Half the difference in length and in width, as a variance
     * on each axis.
     */
    private static double sizeDisagreementVariance(final Track track, final MeasurementBatch batch, final int m)
    {
        if (!track.hasSize || !batch.hasSize(m) || track.objectClass == ObjectClass.STATIC_OBSTACLE.value() &&
            Math.max(track.length, track.width) < POST_MAX_SIZE_M &&
            Math.max(batch.length(m), batch.width(m)) > track.length + track.width)
        {
            // A post is as big as it shows: a box much bigger is not more of it seen, but something beside it.
            return 0.0;
        }
        final double halfLength = 0.5 * (batch.length(m) - track.length);
        final double halfWidth = 0.5 * (batch.width(m) - track.width);
        return halfLength * halfLength + halfWidth * halfWidth;
    }

    private double classCompatibility(final Track track, final MeasurementBatch batch, final int m)
    {
        measurementClassDistribution(batch, m);
        double sum = 0.0;
        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            sum += track.classProbability[c] * measurementClass[c];
        }
        return sum;
    }

    private void measurementClassDistribution(final MeasurementBatch batch, final int m)
    {
        final int objectClass = batch.objectClass(m);
        final int classes = TrackerContext.MAX_CLASSES;
        if (objectClass == UNKNOWN_CLASS)
        {
            for (int c = 0; c < classes; c++)
            {
                measurementClass[c] = 1.0 / classes;
            }
            return;
        }
        final double confidence = batch.classConfidence(m);
        final double other = (1.0 - confidence) / (classes - 1);
        for (int c = 0; c < classes; c++)
        {
            measurementClass[c] = c == objectClass ? confidence : other;
        }
    }

    private void correct(final Track track, final MeasurementBatch batch, final int m)
    {
        // Existence, IPDA style: the detection is PD times as likely under the track, at the
        // predicted spot's density, as under clutter, weighted by its own confidence.
        final int kind = batch.sourceKind();
        positionInnovation(track, batch, m);
        final double logSpatialLikelihood = -0.5 * (distanceSquared + StrictMath.log(determinant)) - LOG_TWO_PI;
        addExistenceEvidence(track, StrictMath.log(context.detectionProbability(kind)) + logSpatialLikelihood -
            StrictMath.log(context.clutterDensity(kind)) + confidenceLogOdds(batch.confidence(m)));

        alignHeadingWithTravel(track);
        final int size = measurementVector(track, batch, m);
        filter.update(track, measurement, noise, components, size);
        alignHeadingWithTravel(track);

        track.hits++;
        track.consecutiveMisses = 0;
        track.lastUpdateTimeNs = batch.timeNs();
        track.measurementIndex = m;
        track.contributingSources |= 1L << batch.sourceIndex();
        track.confidence = batch.confidence(m);


        accumulateClass(track, batch, m);
        smoothShape(track, batch, m);

        if (track.status == TrackStatus.COASTING)
        {
            track.status = TrackStatus.CONFIRMED;
        }
    }

    private void miss(final Track track, final int sourceKind)
    {
        // Bayes on "not detected": an object that exists goes unseen with probability 1 - PD.
        addExistenceEvidence(track, StrictMath.log(1.0 - context.detectionProbability(sourceKind)));
        track.consecutiveMisses++;
        if (track.status == TrackStatus.CONFIRMED)
        {
            track.status = TrackStatus.COASTING;
        }
    }

    private void birth(final MeasurementBatch batch, final int m)
    {
        if (trackCount == tracks.length)
        {
            refusedBirthCount++;
            return;
        }

        final Track track = tracks[trackCount++];
        final int objectClass = batch.objectClass(m);
        final int kind = batch.sourceKind();
        final long timeNs = batch.timeNs();

        for (int i = 0; i < COVARIANCE_SIZE; i++)
        {
            initialCovariance[i] = 0.0;
        }
        initialState[X] = batch.x(m);
        initialState[Y] = batch.y(m);
        final double positionVariance = context.positionStd(kind) * context.positionStd(kind);
        if (batch.hasPositionCovariance(m))
        {
            initialCovariance[X * STATE_SIZE + X] = batch.positionCovariance(m, 0);
            initialCovariance[X * STATE_SIZE + Y] = batch.positionCovariance(m, 1);
            initialCovariance[Y * STATE_SIZE + X] = batch.positionCovariance(m, 1);
            initialCovariance[Y * STATE_SIZE + Y] = batch.positionCovariance(m, 2);
        }
        else
        {
            initialCovariance[X * STATE_SIZE + X] = positionVariance;
            initialCovariance[Y * STATE_SIZE + Y] = positionVariance;
        }

        if (batch.hasVelocity(m))
        {
            initialState[VX] = batch.vx(m);
            initialState[VY] = batch.vy(m);
            velocityNoise(batch, m, kind, initialCovariance, VX, STATE_SIZE);
        }
        else
        {
            final double speedVariance = context.initialSpeedStd(objectClass) * context.initialSpeedStd(objectClass);
            initialState[VX] = 0.0;
            initialState[VY] = 0.0;
            initialCovariance[VX * STATE_SIZE + VX] = speedVariance;
            initialCovariance[VY * STATE_SIZE + VY] = speedVariance;
        }

        if (batch.hasYaw(m))
        {
            initialState[YAW] = Angles.wrap(batch.yaw(m));
            initialCovariance[YAW * STATE_SIZE + YAW] = yawVariance(batch, m, kind);
        }
        else
        {
            initialState[YAW] = 0.0;
            initialCovariance[YAW * STATE_SIZE + YAW] = UNKNOWN_YAW_VARIANCE;
        }
        initialState[YAW_RATE] = 0.0;
        initialCovariance[YAW_RATE * STATE_SIZE + YAW_RATE] =
            ImmFilter.INITIAL_YAW_RATE_STD * ImmFilter.INITIAL_YAW_RATE_STD;

        filter.initialise(track, initialState, initialCovariance);

        track.id = nextId++;
        track.status = TrackStatus.TENTATIVE;
        track.hits = 1;
        track.consecutiveMisses = 0;
        track.timeNs = timeNs;
        track.firstTimeNs = timeNs;
        track.lastUpdateTimeNs = timeNs;
        track.measurementIndex = m;
        track.contributingSources = 1L << batch.sourceIndex();
        track.confidence = batch.confidence(m);
        track.existenceLogOdds = 0.0;
        addExistenceEvidence(track, logOdds(context.birthExistence()) + confidenceLogOdds(batch.confidence(m)));

        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            track.classLogEvidence[c] = 0.0;
        }
        accumulateClass(track, batch, m);

        track.hasSize = false;
        track.hasElevation = false;
        smoothShape(track, batch, m);
        createdCount++;
    }

    /**
     * Deletes one of each pair of confirmed or coasting tracks on one object: a track updated by this
     * batch and one it left without a measurement, whose boxes hold each other's centre (see
     * {@link TrackerContext#dropDuplicates()}). The one with fewer hits goes, the one the batch did not
     * update on a tie: the older track keeps its id and velocity, the updated one would only repeat it.
     * Only updated tracks are compared, so the cost follows the batch's measurements, not the square of
     * the table.
     */
    private void dropDuplicates()
    {
        for (int a = 0; a < trackCount; a++)
        {
            final Track updated = tracks[a];
            if (updated.measurementIndex < 0 || updated.status != TrackStatus.CONFIRMED || !updated.hasSize)
            {
                continue;
            }
            for (int b = 0; b < trackCount; b++)
            {
                final Track other = tracks[b];
                if (other.measurementIndex >= 0 || !other.hasSize || other.status == TrackStatus.TENTATIVE ||
                    other.existenceLogOdds == Double.NEGATIVE_INFINITY)
                {
                    continue;
                }
                if (holds(updated, other.state[X], other.state[Y]) || holds(other, updated.state[X], updated.state[Y]))
                {
                    droppedDuplicateCount++;
                    if (updated.hits > other.hits)
                    {
                        other.existenceLogOdds = Double.NEGATIVE_INFINITY;
                    }
                    else
                    {
                        updated.existenceLogOdds = Double.NEGATIVE_INFINITY;
                        break;
                    }
                }
            }
        }
    }

    private static boolean holds(final Track track, final double x, final double y)
    {
        final double dx = x - track.state[X];
        final double dy = y - track.state[Y];
        final double reach = 0.5 * (track.length + track.width);
        if (dx * dx + dy * dy > reach * reach)
        {
            return false;
        }
        final double cos = StrictMath.cos(track.state[YAW]);
        final double sin = StrictMath.sin(track.state[YAW]);
        return Math.abs(dx * cos + dy * sin) <= 0.5 * track.length && Math.abs(-dx * sin + dy * cos) <= 0.5 * track.width;
    }

    private void manageLifecycle(final long timeNs)
    {
        final double deleteLogOdds = logOdds(context.deleteExistence());
        final double confirmLogOdds = logOdds(context.confirmExistence());
        int write = 0;
        int deletedInPass = 0;
        for (int r = 0; r < trackCount; r++)
        {
            final Track track = tracks[r];
            final int objectClass = track.objectClass;
            boolean keep = track.existenceLogOdds >= deleteLogOdds;
            if (track.status == TrackStatus.TENTATIVE)
            {
                if (track.consecutiveMisses > context.tentativeMaxMisses(objectClass))
                {
                    keep = false;
                }
                else if (track.hits >= context.confirmHits(objectClass) && track.existenceLogOdds >= confirmLogOdds)
                {
                    track.status = TrackStatus.CONFIRMED;
                    confirmedCount++;
                }
            }
            else if (timeNs - track.lastUpdateTimeNs > context.maxCoastNs(objectClass))
            {
                keep = false;
            }

            if (keep)
            {
                tracks[write++] = track;
            }
            else
            {
                track.status = TrackStatus.DELETED;
                deleted[deletedInPass++] = track;
                deletedCount++;
            }
        }
        for (int i = 0; i < deletedInPass; i++)
        {
            tracks[write + i] = deleted[i];
            deleted[i] = null;
        }
        trackCount = write;
    }

    private int measurementVector(final Track track, final MeasurementBatch batch, final int m)
    {
        final int kind = batch.sourceKind();
        // A box less than half the track's length is a part of it, and a part's axes are not the whole's: a parked
        // car's box taken by the end wall's 15 m track would turn the wall.
        final boolean useYaw = batch.hasYaw(m) && !(context.headingFollowsTravel() && isTravelling(track) &&
            Math.abs(Angles.wrapAxis(batch.yaw(m) - travelHeading(track))) > TRAVEL_AXIS_TOLERANCE_RAD) &&
            !(track.hasSize && batch.hasSize(m) && batch.length(m) < PART_LENGTH_SHARE * track.length);
        int size = 2;
        if (useYaw)
        {
            size++;
        }
        if (batch.hasVelocity(m))
        {
            size += 2;
        }
        for (int i = 0; i < size * size; i++)
        {
            noise[i] = 0.0;
        }

        components[0] = X;
        components[1] = Y;
        impliedCentre(track, batch, m);
        measurement[0] = measuredX;
        measurement[1] = measuredY;
        if (batch.hasPositionCovariance(m))
        {
            noise[0] = batch.positionCovariance(m, 0);
            noise[1] = batch.positionCovariance(m, 1);
            noise[size] = batch.positionCovariance(m, 1);
            noise[size + 1] = batch.positionCovariance(m, 2);
        }
        else
        {
            final double variance = context.positionStd(kind) * context.positionStd(kind);
            noise[0] = variance;
            noise[size + 1] = variance;
        }
        final double sizeVariance = sizeDisagreementVariance(track, batch, m);
        noise[0] += sizeVariance + impliedXX;
        noise[1] += impliedXY;
        noise[size] += impliedXY;
        noise[size + 1] += sizeVariance + impliedYY;

        int next = 2;
        if (useYaw)
        {
            components[next] = YAW;
            measurement[next] = batch.yaw(m);
            noise[next * size + next] = yawVariance(batch, m, kind);
            next++;
        }
        if (batch.hasVelocity(m))
        {
            components[next] = VX;
            components[next + 1] = VY;
            measurement[next] = batch.vx(m);
            measurement[next + 1] = batch.vy(m);
            velocityNoise(batch, m, kind, noise, next, size);
        }

        return size;
    }

    /**
     * A heading that is a face taken for the side (a box seen end on, far away) follows the travel once it is known:
     * left as it is, a box the right way round would turn it by a quarter turn in one update, and the turning model
     * would swing the velocity with it.
     */
    private void alignHeadingWithTravel(final Track track)
    {
        if (context.headingFollowsTravel() && isTravelling(track) &&
            Math.abs(Angles.wrapAxis(track.state[YAW] - travelHeading(track))) > TRAVEL_AXIS_TOLERANCE_RAD)
        {
            filter.setYaw(track, travelHeading(track));
        }
    }

    private static boolean isTravelling(final Track track)
    {
        final double[] p = track.covariance;
        final double speedSquared = track.state[VX] * track.state[VX] + track.state[VY] * track.state[VY];
        return speedSquared >= TRAVEL_MIN_SPEED_MPS * TRAVEL_MIN_SPEED_MPS &&
            p[VX * STATE_SIZE + VX] + p[VY * STATE_SIZE + VY] <=
            TRAVEL_MAX_HEADING_STD_RAD * TRAVEL_MAX_HEADING_STD_RAD * speedSquared;
    }

    private static double travelHeading(final Track track)
    {
        return StrictMath.atan2(track.state[VY], track.state[VX]);
    }

    private double yawVariance(final MeasurementBatch batch, final int m, final int kind)
    {
        final double variance = batch.yawVariance(m);
        return Double.isNaN(variance) ? context.yawStd(kind) * context.yawStd(kind) : variance;
    }

    private void velocityNoise(
        final MeasurementBatch batch, final int m, final int kind, final double[] target, final int at, final int size)
    {
        if (Double.isNaN(batch.velocityCovariance(m, 0)))
        {
            final double variance = context.velocityStd(kind) * context.velocityStd(kind);
            target[at * size + at] = variance;
            target[(at + 1) * size + at + 1] = variance;
            target[at * size + at + 1] = 0.0;
            target[(at + 1) * size + at] = 0.0;
        }
        else
        {
            target[at * size + at] = batch.velocityCovariance(m, 0);
            target[at * size + at + 1] = batch.velocityCovariance(m, 1);
            target[(at + 1) * size + at] = batch.velocityCovariance(m, 1);
            target[(at + 1) * size + at + 1] = batch.velocityCovariance(m, 2);
        }
    }

    private void accumulateClass(final Track track, final MeasurementBatch batch, final int m)
    {
        if (batch.objectClass(m) == UNKNOWN_CLASS)
        {
            // Says nothing about the class: leaves the evidence as it is rather than eroding it.
            normaliseClass(track);
            return;
        }
        measurementClassDistribution(batch, m);
        final double decay = context.classEvidenceDecay();
        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            track.classLogEvidence[c] = decay * track.classLogEvidence[c] + StrictMath.log(measurementClass[c]);
        }
        normaliseClass(track);
    }

    private static void normaliseClass(final Track track)
    {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            if (track.classLogEvidence[c] > max)
            {
                max = track.classLogEvidence[c];
                best = c;
            }
        }
        double sum = 0.0;
        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            final double weight = StrictMath.exp(track.classLogEvidence[c] - max);
            track.classProbability[c] = weight;
            sum += weight;
        }
        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            track.classProbability[c] /= sum;
        }
        track.objectClass = best;
    }

    private void smoothShape(final Track track, final MeasurementBatch batch, final int m)
    {
        // Running mean over the first hits, then an exponential average that can follow a change.
        final double gain = Math.max(1.0 / track.hits, context.sizeGainFloor());
        if (batch.hasSize(m))
        {
            if (!track.hasSize)
            {
                track.length = batch.length(m);
                track.width = batch.width(m);
                track.height = batch.height(m);
                track.hasSize = true;
            }
            else
            {
                track.length += gain * (batch.length(m) - track.length);
                track.width += gain * (batch.width(m) - track.width);
                track.height += gain * (batch.height(m) - track.height);
            }
        }
        if (batch.hasElevation(m))
        {
            if (!track.hasElevation)
            {
                track.elevation = batch.elevation(m);
                track.hasElevation = true;
            }
            else
            {
                track.elevation += gain * (batch.elevation(m) - track.elevation);
            }
        }
    }

    private double confidenceLogOdds(final double confidence)
    {
        return context.confidenceExponent() * logOdds(confidence);
    }

    private static void addExistenceEvidence(final Track track, final double logLikelihoodRatio)
    {
        final double logOdds = track.existenceLogOdds + logLikelihoodRatio;
        track.existenceLogOdds = Math.max(-MAX_LOG_ODDS, Math.min(MAX_LOG_ODDS, logOdds));
    }

    private static double logOdds(final double probability)
    {
        return probability <= 0.0 ? -MAX_LOG_ODDS : StrictMath.log(probability / (1.0 - probability));
    }
}
