package io.fusebox.runtime.fusion;

import io.fusebox.runtime.fusion.camera.CameraDetections;
import io.fusebox.runtime.fusion.frames.EgoPose;
import io.fusebox.runtime.fusion.frames.MountTransform;
import io.fusebox.runtime.fusion.frames.Odometry;
import io.fusebox.runtime.fusion.grid.OccupancyGrid;
import io.fusebox.runtime.fusion.lidar.LidarClusterer;
import io.fusebox.runtime.fusion.radar.RadarClusterer;
import io.fusebox.runtime.fusion.tracking.MeasurementBatch;
import io.fusebox.runtime.fusion.tracking.Track;
import io.fusebox.runtime.fusion.tracking.Tracker;
import io.fusebox.runtime.fusion.tracking.TrackerContext;
import io.fusebox.runtime.fusion.tracking.TrackStatus;
import io.fusebox.sensors.codec.CameraFrameDecoder;
import io.fusebox.sensors.codec.LidarSectorDecoder;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.RadarScanDecoder;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.UltrasonicEchoDecoder;
import io.fusebox.sensors.codec.VehicleStateDecoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.message.MessageGuard;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.rig.UltrasonicSpec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Fusion as a pure function of (its state, the next fusion-input message): no Aeron, no clock, no
 * threads, so the agent, replay, tests and benchmarks all drive the same code through
 * {@link #onInput}. World models and health reports come out through a {@link FusionOutput}.
 *
 * <p><b>Time.</b> Only capture times of the inputs. Each input goes into a {@link ReorderWindow} and is
 * applied, in (capture time, global sequence) order, as soon as nothing captured before it can still come:
 * every live sensor's next message is due after it (its last capture time plus its period, less its slack: twice the
 * most its captures have come early, learned from the capture times, plus 5 µs, and at most {@link
 * FusionContext#scheduleSlackNs()} or a quarter of the period), sensors overdue by more
 * than the reorder window no longer count, and nothing waits longer than {@link
 * FusionContext#reorderWindowNs()} behind the newest capture time seen. So fusion waits for the sensors a
 * world model needs, not for a fixed window: with sensors on time the hold is the bus hop. An input older
 * than one already applied is late, counted and dropped (its sensor still counts as alive). All of this
 * reads message content in fusion-input order only, so a replay makes the same choices. A world model is
 * produced for each multiple of {@link FusionContext#worldModelPeriodNs()} (a tick) as soon as everything
 * captured before the tick is applied and nothing more captured before it can come (the schedule, or the
 * reorder window, has passed the tick), or at the latest just before the first input at or past the tick is
 * applied: it is valid at the tick and holds exactly the inputs captured before it. So with the default 100
 * ms a world model comes out every 100 ms of capture time, as soon as the last sensor due before the tick
 * has been heard, whichever sensors are alive. An input captured before the tick of a world model already
 * produced is late like one older than an input already applied. A tick with no input since the previous
 * world model gives none: the next tick is the first after the next input.
 *
 * <p><b>Frames.</b> Objects are tracked in the odometry frame ({@link Odometry}): dead reckoning from
 * vehicle state, in which objects' velocities are over the ground. Every measurement reaches it
 * through its sensor's mount (vehicle frame) and the ego pose at its capture time; LiDAR points
 * through the pose at their own firing. World models express everything in the vehicle frame at
 * their time: positions, orientation, and velocities over the ground rotated into vehicle axes.
 *
 * <p><b>Sensors.</b> LiDAR sectors feed a {@link LidarClusterer} that closes objects as the scan
 * passes them; those closed over {@link FusionContext#lidarBatchSectors()} sectors go to the
 * {@link Tracker} as one batch at the last sector's capture time, each completed to a box with the
 * size and heading of the track it lies on (when there is one) and moved to that time along that
 * track's velocity (it was scanned up to a few milliseconds earlier). Radar scans
 * go through a {@link RadarClusterer}, camera frames through {@link CameraDetections}, one batch each;
 * ultrasonic echoes and LiDAR returns build the {@link OccupancyGrid}. Measurement noise comes from
 * the rig's specs. Sensor health is judged in message time by a {@link SensorHealthMonitor}.
 *
 * <p>Allocation-free once constructed. Not thread safe: one engine belongs to one agent.
 */
public final class FusionEngine
{
    /** Intervals of a sensor seen before its slack is learned; until then it has the configured slack. */
    public static final int SCHEDULE_LEARNING_INTERVALS = 20;
    /**
     * Added to twice a sensor's earliest capture seen: a steady clock still gets this much slack. Small, because a
     * sensor due within its slack after a tick holds that tick's world model for its message, and where the ticks fall
     * against the sensors is chance: at 50 µs, 35 of 300 random clock bases had every world model held (the LiDAR's,
     * by up to a whole sector); at 5 µs, 5 of 300 ({@code bench/host/HoldScan.java}). A clock that comes earlier than
     * that loses the one input, counted as late, and widens its slack at once.
     */
    public static final long SCHEDULE_SLACK_MARGIN_NS = 5_000;

    private static final int MAX_MEASUREMENTS = 512;
    private static final double LIDAR_CLASS_CONFIDENCE = 0.35;
    private static final double LIDAR_YAW_STD_RAD = 0.1;
    private static final double AROUND_TRACK_M = 0.7;
    private static final double DEFAULT_HALF_EXTENT_M = 1.0;
    private static final int AIDED_MIN_HITS = 5;
    private static final double AIDED_MIN_FACE = 0.6;
    private static final double MOVING_SPEED_MPS = 2.0;
    private static final double MOVING_VELOCITY_VARIANCE = 1.0;
    private static final double VEHICLE_MIN_WIDTH_M = 1.4;
    private static final double CAR_LENGTH_M = 4.6;
    private static final double CAR_WIDTH_M = 1.85;

    private final FusionContext context;
    private final FusionOutput output;
    private final Rig rig;
    private final int sensorCount;
    private final long worldModelPeriodNs;
    private final long reorderWindowNs;
    private final int maxWorldModelObjects;

    private final FusionInputReader reader = new FusionInputReader();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CameraFrameDecoder cameraDecoder = new CameraFrameDecoder();
    private final RadarScanDecoder radarDecoder = new RadarScanDecoder();
    private final LidarSectorDecoder lidarDecoder = new LidarSectorDecoder();
    private final UltrasonicEchoDecoder ultrasonicDecoder = new UltrasonicEchoDecoder();
    private final VehicleStateDecoder vehicleStateDecoder = new VehicleStateDecoder();

    private final ReorderWindow window;
    private final Odometry odometry = new Odometry();
    private final EgoPose batchPose = new EgoPose();
    private final EgoPose outputPose = new EgoPose();
    private final SensorHealthMonitor health;
    private final OccupancyGrid grid;
    private final LidarClusterer[] lidars;
    private final RadarClusterer[] radars;
    private final CameraDetections[] cameras;
    /** Bit i: rig sensor i is a camera. */
    private long cameraSources;
    private final MountTransform[] ultrasonicMounts;
    private final FusionCoverage coverage;
    private final Tracker tracker;
    private final MeasurementBatch batch = new MeasurementBatch(MAX_MEASUREMENTS);
    private final int[] lidarSectorsPending;
    private final long[] lidarClosedColumn;

    private final UnsafeBuffer worldModelBuffer;
    private final UnsafeBuffer healthBuffer;
    private final UnsafeBuffer gridBuffer;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final WorldModelEncoder worldModelEncoder = new WorldModelEncoder();
    private final SensorHealthEncoder healthEncoder = new SensorHealthEncoder();
    private final double[] covariance = new double[16];
    private final double[] rotated = new double[16];

    private long newestCaptureTimeNs = Long.MIN_VALUE;
    /** Per sensor: the earliest capture time its next message may have. */
    private final long[] nextDueNs;
    /** Per sensor: how long after a capture its next one may come, its period less its slack. */
    private final long[] schedulePeriodNs;
    private final long[] nominalPeriodNs;
    private final long[] slackCapNs;
    private final long[] lastCaptureNs;
    private final int[] intervalsSeen;
    /** Per sensor: the most a capture has come before its period was up, ns. */
    private final long[] earliestNs;
    /** Per sensor: the newest capture time from which it is no longer waited for. */
    private final long[] overdueAtNs;
    private long appliedCaptureTimeNs = Long.MIN_VALUE;
    private long lastAppliedSequence = -1;
    private long nextOutputNs = Long.MIN_VALUE;
    /** The tick of the last world model: an input captured before it is late, as it can no longer be in it. */
    private long emittedTickNs = Long.MIN_VALUE;
    private long worldModelSequence;
    private long contributing;
    private long missing;

    private long inputs;
    private long applied;
    private long malformed;
    private long unknownSensor;
    private long late;
    private final long[] lateBySensor;
    private long heldPastTick;
    private long maxLatenessNs;
    private long windowOverflows;
    private long lateVehicleStates;
    private long unknownTemplates;
    private long truncatedObjects;
    private long healthReports;

    /**
     * @param context concluded here if it was not already.
     * @param output  receives world models and health reports.
     */
    public FusionEngine(final FusionContext context, final FusionOutput output)
    {
        this.context = context.conclude();
        this.output = output;
        this.rig = context.rig();
        this.sensorCount = rig.sensorCount();
        this.worldModelPeriodNs = context.worldModelPeriodNs();
        this.reorderWindowNs = context.reorderWindowNs();
        this.maxWorldModelObjects = context.maxWorldModelObjects();

        window = new ReorderWindow(context.reorderCapacity(), RigLoader.MAX_SENSOR_MESSAGE_BYTES);
        health = new SensorHealthMonitor(rig, context.degradedPeriods());
        grid = new OccupancyGrid(context.gridCellSizeM(), context.gridCellsX(), context.gridCellsY(), context.gridFade());
        lidars = new LidarClusterer[sensorCount];
        radars = new RadarClusterer[sensorCount];
        cameras = new CameraDetections[sensorCount];
        ultrasonicMounts = new MountTransform[sensorCount];
        lidarSectorsPending = new int[sensorCount];
        lateBySensor = new long[sensorCount];
        nextDueNs = new long[sensorCount];
        schedulePeriodNs = new long[sensorCount];
        nominalPeriodNs = new long[sensorCount];
        slackCapNs = new long[sensorCount];
        lastCaptureNs = new long[sensorCount];
        intervalsSeen = new int[sensorCount];
        earliestNs = new long[sensorCount];
        overdueAtNs = new long[sensorCount];
        lidarClosedColumn = new long[sensorCount];
        for (int i = 0; i < sensorCount; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            lidarClosedColumn[i] = Long.MIN_VALUE;
            // Jitter of a quarter period would leave no schedule to speak of; without this cap a LiDAR's 781 µs
            // sectors under 500 µs of slack held most world models for the first sector past their tick.
            final long periodNs = (long)(1e9 / (sensor.messageRateHz() * context.sensorRateScale()));
            nominalPeriodNs[i] = periodNs;
            slackCapNs[i] = Math.min(context.scheduleSlackNs(), periodNs / 4);
            schedulePeriodNs[i] = Math.max(0L, periodNs - slackCapNs[i]);
            lastCaptureNs[i] = Long.MIN_VALUE;
            switch (sensor.kind())
            {
                case LIDAR:
                    lidars[i] = new LidarClusterer(sensor, rig.vehicle(), odometry, grid, context.lidarGroundHeightM(),
                        context.lidarRangeM(), context.lidarMaxPoints(), MAX_MEASUREMENTS);
                    break;
                case RADAR:
                    radars[i] = new RadarClusterer(sensor);
                    break;
                case CAMERA:
                    cameras[i] = new CameraDetections(sensor);
                    cameraSources |= 1L << i;
                    break;
                case ULTRASONIC:
                    ultrasonicMounts[i] = new MountTransform(sensor.mount());
                    break;
                default:
                    break;
            }
        }
        coverage = new FusionCoverage(rig, lidars, context.lidarRangeM());
        tracker = new Tracker(trackerContext(rig, context, coverage));

        worldModelBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(FusionContext.MAX_MESSAGE_LENGTH));
        healthBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(FusionContext.MAX_MESSAGE_LENGTH));
        gridBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(grid.outputLength()));
    }

    /**
     * The tracker's configuration: measurement noise per sensor kind from the rig's specs (used where
     * a measurement brings no covariance of its own; every sensor here gives one per measurement from
     * the same specs), detection probabilities, motion noise and lifecycle per class.
     */
    static TrackerContext trackerContext(final Rig rig, final FusionContext context, final FusionCoverage coverage)
    {
        final TrackerContext tracker = new TrackerContext()
            .maxTracks(context.maxTracks())
            .maxMeasurements(MAX_MEASUREMENTS)
            .coverage(coverage)
            .confirmExistence(0.8)
            .deleteExistence(0.1)
            .lazyPrediction(context.lazyPrediction())
            .dropDuplicates(true)
            .headingFollowsTravel(true)
            .staticObstaclesStandStill(true);
        final int camera = SensorKind.CAMERA.value();
        final int radar = SensorKind.RADAR.value();
        final int lidar = SensorKind.LIDAR.value();
        final int ultrasonic = SensorKind.ULTRASONIC.value();
        double cameraDetection = 0.9;
        double cameraDepth = 0.05;
        double radarRange = 0.15;
        double radarVelocity = 0.1;
        double lidarRange = 0.02;
        double ultrasonicRange = 0.02;
        for (final SensorConfig sensor : rig.sensors())
        {
            switch (sensor.kind())
            {
                case CAMERA:
                    cameraDetection = Math.min(cameraDetection, sensor.camera().detectionProbability());
                    cameraDepth = Math.max(cameraDepth, sensor.camera().depthStdFraction());
                    break;
                case RADAR:
                    radarRange = Math.max(radarRange, sensor.radar().rangeStdM());
                    radarVelocity = Math.max(radarVelocity, sensor.radar().velocityStdMps());
                    break;
                case LIDAR:
                    lidarRange = Math.max(lidarRange, sensor.lidar().rangeStdM());
                    break;
                case ULTRASONIC:
                    ultrasonicRange = Math.max(ultrasonicRange, sensor.ultrasonic().rangeStdM());
                    break;
                default:
                    break;
            }
        }
        // Typical ranges turn fractional and angular noise into metres: 25 m for a camera's depth.
        tracker.measurementNoise(camera, 0.1 + 25.0 * cameraDepth, 0.08, 1.0);
        tracker.measurementNoise(radar, 1.2 + radarRange, 0.3, radarVelocity + 0.25);
        tracker.measurementNoise(lidar, 0.1 + lidarRange, LIDAR_YAW_STD_RAD, 1.0);
        tracker.measurementNoise(ultrasonic, 0.3 + ultrasonicRange, 0.5, 1.0);
        // Occlusion the coverage cannot see and range fall-off lower what a camera reports.
        tracker.detectionProbability(camera, 0.75 * cameraDetection);
        tracker.detectionProbability(radar, 0.7);
        tracker.detectionProbability(lidar, 0.9);
        tracker.clutterDensity(camera, 1e-3);
        tracker.clutterDensity(radar, 5e-3);
        tracker.clutterDensity(lidar, 1e-3);

        for (int c = 0; c < TrackerContext.MAX_CLASSES; c++)
        {
            tracker.lifecycle(c, 3, 8, 1_000_000_000L);
            tracker.initialSpeedStd(c, 12.0);
            tracker.processNoise(c, 2.0, 1.5, 0.5);
        }
        tracker.processNoise(ObjectClass.PEDESTRIAN.value(), 1.0, 1.0, 1.0).initialSpeedStd(ObjectClass.PEDESTRIAN.value(), 2.0);
        tracker.processNoise(ObjectClass.CYCLIST.value(), 1.5, 1.5, 0.8).initialSpeedStd(ObjectClass.CYCLIST.value(), 6.0);
        tracker.processNoise(ObjectClass.STATIC_OBSTACLE.value(), 0.3, 0.3, 0.1)
            .initialSpeedStd(ObjectClass.STATIC_OBSTACLE.value(), 1.0);
        return tracker;
    }

    /**
     * Takes one fusion-input message (envelope and sensor message), applies whatever the reorder window
     * releases, and hands out any world model and health report that falls due.
     */
    public void onInput(final DirectBuffer buffer, final int offset, final int length)
    {
        inputs++;
        if (MalformedReason.OK != MessageGuard.validate(buffer, offset, length) || !reader.wrap(buffer, offset, length))
        {
            malformed++;
            return;
        }
        final int sensorIndex = rig.indexOf(reader.sensorId());
        if (sensorIndex < 0)
        {
            unknownSensor++;
            return;
        }
        final long captureTimeNs = reader.captureTimeNs();
        health.onMessage(sensorIndex, captureTimeNs, reader.sensorSequence());
        if (Long.MIN_VALUE == newestCaptureTimeNs)
        {
            // A sensor not heard from yet may send anything captured from the first input on, within a period.
            for (int i = 0; i < sensorCount; i++)
            {
                nextDueNs[i] = captureTimeNs;
                overdueAtNs[i] = captureTimeNs + rig.sensor(i).periodNs() + reorderWindowNs;
            }
        }
        learnSchedule(sensorIndex, captureTimeNs);
        if (captureTimeNs + schedulePeriodNs[sensorIndex] > nextDueNs[sensorIndex])
        {
            nextDueNs[sensorIndex] = captureTimeNs + schedulePeriodNs[sensorIndex];
            overdueAtNs[sensorIndex] = nextDueNs[sensorIndex] + reorderWindowNs;
        }
        final long appliedUpToNs = Math.max(appliedCaptureTimeNs, emittedTickNs);
        if (captureTimeNs < appliedUpToNs)
        {
            late++;
            lateBySensor[sensorIndex]++;
            maxLatenessNs = Math.max(maxLatenessNs, appliedUpToNs - captureTimeNs);
            return;
        }
        final long worldModelsBefore = worldModelSequence;
        if (window.isFull())
        {
            windowOverflows++;
            applyEarliest();
        }
        window.add(
            reader.buffer(), reader.sensorMessageOffset(), reader.sensorMessageLength(), captureTimeNs,
            reader.globalSequence(), sensorIndex);
        newestCaptureTimeNs = Math.max(newestCaptureTimeNs, captureTimeNs);
        final long releaseUpTo = newestCaptureTimeNs - reorderWindowNs;
        final long releaseBefore = scheduleWatermarkNs();
        while (!window.isEmpty() &&
            (window.earliestCaptureTimeNs() <= releaseUpTo || window.earliestCaptureTimeNs() < releaseBefore))
        {
            applyEarliest();
        }
        // Everything captured before this is applied and nothing more can come: a world model whose tick
        // it has passed is complete now, without waiting for the next input past the tick.
        emitThrough(Math.max(releaseUpTo + 1, releaseBefore));
        if (worldModelSequence > worldModelsBefore && captureTimeNs >= emittedTickNs)
        {
            heldPastTick += worldModelSequence - worldModelsBefore;
        }
    }

    /**
     * Learns how early a sensor's captures come against its rate: after {@link #SCHEDULE_LEARNING_INTERVALS}
     * intervals its slack is twice the earliest seen plus {@link #SCHEDULE_SLACK_MARGIN_NS}, at most the configured
     * slack. A sensor on a steady clock then holds a world model for its bus hop only, not for the slack meant for
     * jitter it does not have; one that comes early widens its own slack at once. Capture times only, in input order,
     * so a replay learns the same.
     */
    private void learnSchedule(final int sensorIndex, final long captureTimeNs)
    {
        final long lastNs = lastCaptureNs[sensorIndex];
        lastCaptureNs[sensorIndex] = Math.max(lastNs, captureTimeNs);
        if (Long.MIN_VALUE == lastNs)
        {
            return;
        }
        final long earlyNs = nominalPeriodNs[sensorIndex] - (captureTimeNs - lastNs);
        if (earlyNs > earliestNs[sensorIndex])
        {
            earliestNs[sensorIndex] = earlyNs;
        }
        if (intervalsSeen[sensorIndex] < SCHEDULE_LEARNING_INTERVALS)
        {
            intervalsSeen[sensorIndex]++;
            return;
        }
        final long slackNs = Math.min(slackCapNs[sensorIndex], 2 * earliestNs[sensorIndex] + SCHEDULE_SLACK_MARGIN_NS);
        schedulePeriodNs[sensorIndex] = Math.max(0L, nominalPeriodNs[sensorIndex] - slackNs);
    }

    /**
     * @return the earliest capture time any sensor still waited for may send next; a sensor is no longer
     * waited for once the newest capture time is a reorder window past its due time.
     */
    private long scheduleWatermarkNs()
    {
        long watermark = Long.MAX_VALUE;
        for (int i = 0; i < sensorCount; i++)
        {
            final long due = nextDueNs[i];
            if (overdueAtNs[i] > newestCaptureTimeNs && due < watermark)
            {
                watermark = due;
            }
        }
        return watermark;
    }

    private void applyEarliest()
    {
        final int slot = window.take();
        apply(window.buffer(), window.offset(slot), window.sensorIndex(slot), window.captureTimeNs(slot),
            window.globalSequence(slot));
        window.release(slot);
    }

    private void apply(
        final DirectBuffer buffer, final int offset, final int sensorIndex, final long captureTimeNs, final long sequence)
    {
        emitThrough(captureTimeNs);
        if (Long.MIN_VALUE == nextOutputNs)
        {
            nextOutputNs = nextTick(captureTimeNs);
        }

        applied++;
        appliedCaptureTimeNs = captureTimeNs;
        lastAppliedSequence = Math.max(lastAppliedSequence, sequence);
        contributing |= 1L << sensorIndex;

        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case LidarSectorDecoder.TEMPLATE_ID:
                if (null != lidars[sensorIndex])
                {
                    lidarDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onLidar(sensorIndex, captureTimeNs);
                }
                break;
            case RadarScanDecoder.TEMPLATE_ID:
                if (null != radars[sensorIndex])
                {
                    radarDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onRadar(sensorIndex, captureTimeNs);
                }
                break;
            case CameraFrameDecoder.TEMPLATE_ID:
                if (null != cameras[sensorIndex])
                {
                    cameraDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onCamera(sensorIndex, captureTimeNs);
                }
                break;
            case UltrasonicEchoDecoder.TEMPLATE_ID:
                if (null != ultrasonicMounts[sensorIndex])
                {
                    ultrasonicDecoder.wrap(buffer, bodyOffset, blockLength, version);
                    onUltrasonic(sensorIndex, captureTimeNs);
                }
                break;
            case VehicleStateDecoder.TEMPLATE_ID:
                vehicleStateDecoder.wrap(buffer, bodyOffset, blockLength, version);
                onVehicleState(captureTimeNs);
                break;
            default:
                unknownTemplates++;
                break;
        }
    }

    /**
     * Emits the world model of every tick at or before frontierNs, once all inputs captured before frontierNs are
     * applied. Ticks after the first with no input since the last world model are skipped: the next tick is then
     * set by the next input applied, so a gap in the inputs (or a wild capture time) costs one world model, not
     * one per period.
     */
    private void emitThrough(final long frontierNs)
    {
        while (Long.MIN_VALUE != nextOutputNs && nextOutputNs <= frontierNs)
        {
            if (0 == contributing)
            {
                nextOutputNs = Long.MIN_VALUE;
                return;
            }
            emit(nextOutputNs);
            emittedTickNs = nextOutputNs;
            nextOutputNs += worldModelPeriodNs;
        }
    }

    private long nextTick(final long timeNs)
    {
        return (Math.floorDiv(timeNs, worldModelPeriodNs) + 1) * worldModelPeriodNs;
    }

    private void onVehicleState(final long captureTimeNs)
    {
        if (!odometry.onVehicleState(captureTimeNs, vehicleStateDecoder.speedMps(), vehicleStateDecoder.yawRateRps(),
            vehicleStateDecoder.accelerationMps2()))
        {
            lateVehicleStates++;
            return;
        }
        grid.recentre(odometry.current().x(), odometry.current().y());
    }

    private void onLidar(final int sensorIndex, final long captureTimeNs)
    {
        final LidarClusterer lidar = lidars[sensorIndex];
        lidar.onSector(lidarDecoder, captureTimeNs);
        if (++lidarSectorsPending[sensorIndex] < context.lidarBatchSectors())
        {
            return;
        }
        lidarSectorsPending[sensorIndex] = 0;

        odometry.poseAt(captureTimeNs, batchPose);
        batch.reset(captureTimeNs, sensorIndex, SensorKind.LIDAR.value());
        for (int i = 0, n = lidar.objectCount(); i < n; i++)
        {
            final long objectTimeNs = lidar.objectTimeNs(i);
            final Track track = trackAround(lidar.objectX(i), lidar.objectY(i), objectTimeNs);
            final int objectClass = completeLidarObject(lidar, i, track);
            double x = lidar.boxX();
            double y = lidar.boxY();
            if (null != track)
            {
                // Scanned a little before the batch's time: move it on along its track's velocity.
                final double dt = (captureTimeNs - objectTimeNs) * 1e-9;
                x += track.vx() * dt;
                y += track.vy() * dt;
            }
            final int m = batch.add(x, y, objectClass, LIDAR_CLASS_CONFIDENCE, lidar.objectConfidence(i));
            if (m < 0)
            {
                break;
            }
            batch.positionCovariance(m, lidar.boxCovariance(0), lidar.boxCovariance(1), lidar.boxCovariance(2));
            batch.size(m, lidar.boxLength(), lidar.boxWidth(), lidar.objectHeight(i));
            if (lidar.boxHasYaw())
            {
                batch.yaw(m, lidar.boxYaw(), LIDAR_YAW_STD_RAD * LIDAR_YAW_STD_RAD);
            }
        }
        lidar.clearObjects();

        final long closed = lidar.scannedColumn() - LidarClusterer.CLOSE_LAG_COLUMNS;
        final long from = Long.MIN_VALUE == lidarClosedColumn[sensorIndex] ? closed : lidarClosedColumn[sensorIndex];
        lidarClosedColumn[sensorIndex] = closed;
        coverage.prepare(batchPose);
        coverage.lidarWindow(from, closed);
        tracker.update(batch);
    }

    private void onRadar(final int sensorIndex, final long captureTimeNs)
    {
        odometry.poseAt(captureTimeNs, batchPose);
        batch.reset(captureTimeNs, sensorIndex, SensorKind.RADAR.value());
        radars[sensorIndex].onScan(radarDecoder, batchPose, batch);
        updateTracker(sensorIndex);
    }

    private void onCamera(final int sensorIndex, final long captureTimeNs)
    {
        odometry.poseAt(captureTimeNs, batchPose);
        batch.reset(captureTimeNs, sensorIndex, SensorKind.CAMERA.value());
        cameras[sensorIndex].onFrame(cameraDecoder, batchPose, batch);
        // A monocular depth is too loose to place a new track where a LiDAR would: cameras start tracks
        // only while no LiDAR is alive, and otherwise confirm, classify and refine.
        batch.startsTracks(!isAnyLidarAlive(captureTimeNs));
        updateTracker(sensorIndex);
    }

    /**
     * Updates the tracker with the batch, unless it is empty and covers no track: then nothing would
     * change but the prediction, which the next batch does anyway.
     */
    private void updateTracker(final int sensorIndex)
    {
        coverage.prepare(batchPose);
        if (0 == batch.size())
        {
            boolean anyCovered = false;
            for (int i = 0, n = tracker.trackCount(); i < n && !anyCovered; i++)
            {
                anyCovered = coverage.covers(sensorIndex, tracker.track(i));
            }
            if (!anyCovered)
            {
                return;
            }
        }
        tracker.update(batch);
    }

    private boolean isAnyLidarAlive(final long nowNs)
    {
        for (int i = 0; i < sensorCount; i++)
        {
            if (null != lidars[i] && health.isAlive(i, nowNs))
            {
                return true;
            }
        }
        return false;
    }

    private void onUltrasonic(final int sensorIndex, final long captureTimeNs)
    {
        final MountTransform mount = ultrasonicMounts[sensorIndex];
        final UltrasonicSpec spec = rig.sensor(sensorIndex).ultrasonic();
        odometry.poseAt(captureTimeNs, batchPose);
        final double x = batchPose.odometryX(mount.originX(), mount.originY());
        final double y = batchPose.odometryY(mount.originX(), mount.originY());
        final boolean hasEcho = ultrasonicDecoder.hasEchoRaw() == 1;
        final double distance = ultrasonicDecoder.distanceM();
        if (hasEcho && !(distance >= 0.0))
        {
            return;
        }
        grid.cone(x, y, batchPose.yaw() + mount.yaw(), 0.5 * spec.fovRad(), distance, hasEcho, spec.maxRangeM());
    }

    /**
     * Completes LiDAR object i to a box. The track it belongs to knows best: its size, once measured a
     * few times, completes what the LiDAR saw of it (when what was seen could be its face: a pedestrian
     * beside a car stays a pedestrian), and its direction of travel tells a length from a width, which
     * from the shape alone a car's rear face and a cyclist's side do not. A moving object whose observed
     * width across its travel is a vehicle's takes a vehicle's size by its height.
     *
     * @return the class the shape suggests, or unknown when the track's size or travel overruled it.
     */
    private int completeLidarObject(final LidarClusterer lidar, final int i, final Track track)
    {
        final boolean aided = null != track && track.hasSize() && track.isConfirmed() &&
            track.hits() >= AIDED_MIN_HITS && lidar.objectMajorExtent(i) >= AIDED_MIN_FACE * track.width() &&
            lidar.objectMajorExtent(i) <= track.length() + 1.0;
        final boolean moving = null != track && track.speed() >= MOVING_SPEED_MPS &&
            track.covariance(Track.VX, Track.VX) + track.covariance(Track.VY, Track.VY) <= MOVING_VELOCITY_VARIANCE;
        final double heading = moving ? StrictMath.atan2(track.vy(), track.vx()) : Double.NaN;
        final boolean vehicle = moving && lidar.objectExtentAcross(i, heading) >= VEHICLE_MIN_WIDTH_M;
        double priorLength = lidar.objectPriorLength(i);
        double priorWidth = lidar.objectPriorWidth(i);
        boolean overruled = false;
        if (aided && (!vehicle || track.width() >= VEHICLE_MIN_WIDTH_M))
        {
            priorLength = track.length();
            priorWidth = track.width();
            overruled = true;
        }
        else if (vehicle && priorLength < CAR_LENGTH_M)
        {
            priorLength = CAR_LENGTH_M;
            priorWidth = CAR_WIDTH_M;
            overruled = true;
        }
        lidar.complete(i, priorLength, priorWidth, heading);
        return overruled ? Tracker.UNKNOWN_CLASS : lidar.objectClass(i);
    }

    /**
     * @return the track whose box, predicted to timeNs, lies nearest the point (x, y) and within
     * {@link #AROUND_TRACK_M} of it, or null.
     */
    private Track trackAround(final double x, final double y, final long timeNs)
    {
        Track best = null;
        double bestDistance = AROUND_TRACK_M;
        for (int i = 0, n = tracker.trackCount(); i < n; i++)
        {
            final Track track = tracker.track(i);
            final double dt = (timeNs - track.timeNs()) * 1e-9;
            final double dx = x - (track.x() + track.vx() * dt);
            final double dy = y - (track.y() + track.vy() * dt);
            final double halfLength = track.hasSize() ? 0.5 * track.length() : DEFAULT_HALF_EXTENT_M;
            final double halfWidth = track.hasSize() ? 0.5 * track.width() : DEFAULT_HALF_EXTENT_M;
            final double reach = Math.max(halfLength, halfWidth) + bestDistance;
            if (dx * dx + dy * dy > reach * reach)
            {
                continue;
            }
            final double cos = StrictMath.cos(track.yaw());
            final double sin = StrictMath.sin(track.yaw());
            final double along = Math.max(0.0, Math.abs(dx * cos + dy * sin) - halfLength);
            final double across = Math.max(0.0, Math.abs(-dx * sin + dy * cos) - halfWidth);
            final double distance = Math.sqrt(along * along + across * across);
            if (distance < bestDistance || (distance == 0.0 && null == best))
            {
                bestDistance = distance;
                best = track;
            }
        }
        return best;
    }

    private void emit(final long timeNs)
    {
        tracker.predictTo(timeNs);
        odometry.poseAt(timeNs, outputPose);
        missing = health.evaluate(timeNs);

        final WorldModelEncoder encoder = worldModelEncoder.wrapAndApplyHeader(worldModelBuffer, 0, headerEncoder);
        encoder.timeNs(timeNs)
            .sequence(worldModelSequence++)
            .lastInputSequence(lastAppliedSequence)
            .newestCaptureTimeNs(appliedCaptureTimeNs)
            .contributingSensors(contributing)
            .missingSensors(missing)
            .egoX(outputPose.x())
            .egoY(outputPose.y())
            .egoYaw((float)outputPose.yaw())
            .egoSpeedMps((float)outputPose.speed())
            .egoYawRateRps((float)outputPose.yawRate())
            .egoAccelerationMps2((float)outputPose.acceleration())
            .gridCellsX(grid.outputCellsX())
            .gridCellsY(grid.outputCellsY())
            .gridCellSizeM((float)grid.cellSizeM());

        final int trackCount = tracker.trackCount();
        int publishable = 0;
        for (int i = 0; i < trackCount; i++)
        {
            if (tracker.track(i).status() != TrackStatus.DELETED)
            {
                publishable++;
            }
        }
        final int count = Math.min(publishable, maxWorldModelObjects);
        truncatedObjects += publishable - count;
        final WorldModelEncoder.ObjectsEncoder objects = encoder.objectsCount(count);
        int written = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < trackCount && written < count; i++)
            {
                final Track track = tracker.track(i);
                final boolean confirmed = track.isConfirmed();
                if ((pass == 0) == confirmed)
                {
                    encodeObject(objects.next(), track);
                    written++;
                }
            }
        }

        grid.write(outputPose, gridBuffer, 0);
        encoder.putOccupancy(gridBuffer, 0, grid.outputLength());
        grid.fade();
        output.onWorldModel(worldModelBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());

        healthEncoder.wrapAndApplyHeader(healthBuffer, 0, headerEncoder);
        health.encode(healthEncoder, timeNs);
        healthReports++;
        output.onSensorHealth(healthBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + healthEncoder.encodedLength());
        contributing = 0;
    }

    /**
     * A person is a person once a camera has seen them: to a LiDAR or a radar, a car's corner showing between two
     * pillars, or the pillar itself, is as narrow and as tall as someone standing there, and a person may step out
     * at any moment where a corner never will. Until then, on a rig with cameras, it is an object of no known class.
     */
    private int publishedClass(final Track track)
    {
        final int objectClass = track.objectClass();
        final boolean isPerson = objectClass == ObjectClass.PEDESTRIAN.value() ||
            objectClass == ObjectClass.CYCLIST.value();
        return isPerson && 0 != cameraSources && 0 == (track.contributingSources() & cameraSources) ?
            ObjectClass.UNKNOWN.value() : objectClass;
    }

    private void encodeObject(final WorldModelEncoder.ObjectsEncoder object, final Track track)
    {
        final EgoPose pose = outputPose;
        final int objectClass = publishedClass(track);
        object.trackId(track.id())
            .objectClass(objectClass >= 0 && objectClass <= ObjectClass.STATIC_OBSTACLE.value() ?
                ObjectClass.get((short)objectClass) : ObjectClass.UNKNOWN)
            .status(status(track.status()))
            .classConfidence((float)track.classConfidence())
            .existence((float)track.existence())
            .x((float)pose.vehicleX(track.x(), track.y()))
            .y((float)pose.vehicleY(track.x(), track.y()))
            .vx((float)pose.vehicleDirectionX(track.vx(), track.vy()))
            .vy((float)pose.vehicleDirectionY(track.vx(), track.vy()))
            .yaw((float)wrap(track.yaw() - pose.yaw()))
            .yawRate((float)track.yawRate())
            .length((float)(track.hasSize() ? track.length() : 0.0))
            .width((float)(track.hasSize() ? track.width() : 0.0))
            .height((float)(track.hasSize() ? track.height() : 0.0))
            .contributingSensors(track.contributingSources());

        // cov(x, y, vx, vy) into vehicle axes: T C T' with T = diag(R', R'), R the ego's heading.
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                covariance[r * 4 + c] = track.covariance(r, c);
            }
        }
        final double cos = pose.cos();
        final double sin = pose.sin();
        for (int r = 0; r < 4; r++)
        {
            final int block = r & ~1;
            final double a = (r & 1) == 0 ? cos : -sin;
            final double b = (r & 1) == 0 ? sin : cos;
            for (int c = 0; c < 4; c++)
            {
                rotated[r * 4 + c] = a * covariance[block * 4 + c] + b * covariance[(block + 1) * 4 + c];
            }
        }
        int k = 0;
        for (int r = 0; r < 4; r++)
        {
            for (int c = r; c < 4; c++)
            {
                final int block = c & ~1;
                final double a = (c & 1) == 0 ? cos : -sin;
                final double b = (c & 1) == 0 ? sin : cos;
                object.covariance(k++, (float)(a * rotated[r * 4 + block] + b * rotated[r * 4 + block + 1]));
            }
        }
    }

    private static io.fusebox.sensors.codec.TrackStatus status(final TrackStatus status)
    {
        switch (status)
        {
            case CONFIRMED:
                return io.fusebox.sensors.codec.TrackStatus.CONFIRMED;
            case COASTING:
                return io.fusebox.sensors.codec.TrackStatus.COASTING;
            default:
                return io.fusebox.sensors.codec.TrackStatus.TENTATIVE;
        }
    }

    private static double wrap(final double angle)
    {
        double a = angle;
        while (a > Math.PI)
        {
            a -= 2.0 * Math.PI;
        }
        while (a <= -Math.PI)
        {
            a += 2.0 * Math.PI;
        }
        return a;
    }

    public FusionContext context()
    {
        return context;
    }

    public Rig rig()
    {
        return rig;
    }

    /** The tracker, for tests and tools; read between inputs. */
    public Tracker tracker()
    {
        return tracker;
    }

    public Odometry odometry()
    {
        return odometry;
    }

    public OccupancyGrid grid()
    {
        return grid;
    }

    /**
     * @return the LiDAR clusterer of the sensor at this rig index, or null when it is not a LiDAR.
     */
    public LidarClusterer lidar(final int sensorIndex)
    {
        return lidars[sensorIndex];
    }

    /** Fusion-input messages offered. */
    public long inputs()
    {
        return inputs;
    }

    /** Sensor messages applied, in capture-time order. */
    public long applied()
    {
        return applied;
    }

    /** Inputs refused by the message guard or not a fusion input. */
    public long malformed()
    {
        return malformed;
    }

    /** Inputs from a sensor the rig does not have. */
    public long unknownSensor()
    {
        return unknownSensor;
    }

    /** Inputs captured before one already applied: beyond the reorder window, dropped. */
    public long late()
    {
        return late;
    }

    /** Late inputs of the sensor at this rig index. */
    public long late(final int sensorIndex)
    {
        return lateBySensor[sensorIndex];
    }

    /** How far behind the newest applied capture time the latest late input was, at most, ns. */
    public long maxLatenessNs()
    {
        return maxLatenessNs;
    }

    /** Inputs applied early because the reorder window was full. */
    public long windowOverflows()
    {
        return windowOverflows;
    }

    /** Vehicle states older than the odometry's newest, ignored. */
    public long lateVehicleStates()
    {
        return lateVehicleStates;
    }

    /** Sensor messages of a template fusion does not read. */
    public long unknownTemplates()
    {
        return unknownTemplates;
    }

    public long worldModels()
    {
        return worldModelSequence;
    }

    /**
     * World models that came out only when an input captured at or past their tick came: a sensor was due within its
     * slack after the tick, or one was overdue. Each is as old, from its newest input, as that wait.
     */
    public long heldPastTick()
    {
        return heldPastTick;
    }

    public long healthReports()
    {
        return healthReports;
    }

    /** Tracks left out of world models for want of room. */
    public long truncatedObjects()
    {
        return truncatedObjects;
    }

    /** Sensors not OK at the last world model, bit = rig index. */
    public long missingSensors()
    {
        return missing;
    }

    /** LiDAR points not clustered because a clusterer's tables were full, all LiDARs. */
    public long lidarDroppedPoints()
    {
        long dropped = 0;
        for (final LidarClusterer lidar : lidars)
        {
            dropped += null == lidar ? 0 : lidar.droppedPoints();
        }
        return dropped;
    }

    /** Inputs held in the reorder window now. */
    public int pendingInputs()
    {
        return window.size();
    }
}
