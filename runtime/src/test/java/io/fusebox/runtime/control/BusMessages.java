package io.fusebox.runtime.control;

import io.aeron.ExclusivePublication;
import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.runtime.testing.Await;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;

/**
 * Encodes the messages the control plane shows (world models, trajectories, health reports) and offers them on
 * real bus publications, standing in for fusion and the planner with known content.
 */
final class BusMessages
{
    static final int GRID_CELLS = 160;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final WorldModelEncoder worldModel = new WorldModelEncoder();
    private final TrajectoryEncoder trajectory = new TrajectoryEncoder();
    private final SensorHealthEncoder health = new SensorHealthEncoder();
    private final byte[] grid = new byte[GRID_CELLS * GRID_CELLS];

    BusMessages()
    {
        for (int i = 0; i < grid.length; i++)
        {
            grid[i] = (byte)(i % GRID_CELLS < 80 ? 0 : 255);
        }
    }

    /**
     * A world model with {@code objects} cars 10 m apart ahead, track ids 100, 101, ..., the first moving at
     * (2, 0.5) m/s, and a grid free on its -x half and occupied on its +x half.
     */
    int worldModel(final long sequence, final long captureTimeNs, final int objects)
    {
        worldModel.wrapAndApplyHeader(buffer, 0, header)
            .timeNs(captureTimeNs)
            .sequence(sequence)
            .lastInputSequence(sequence * 100)
            .newestCaptureTimeNs(captureTimeNs)
            .egoSpeedMps(27.5f)
            .gridCellsX(GRID_CELLS)
            .gridCellsY(GRID_CELLS)
            .gridCellSizeM(0.5f);
        final WorldModelEncoder.ObjectsEncoder group = worldModel.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next()
                .trackId(100 + i)
                .objectClass(0 == i ? ObjectClass.TRUCK : ObjectClass.CAR)
                .status(TrackStatus.CONFIRMED)
                .classConfidence(0.9f)
                .existence(0.95f)
                .x(10.0f * (i + 1))
                .y(-3.5f)
                .vx(0 == i ? 2.0f : 0.0f)
                .vy(0 == i ? 0.5f : 0.0f)
                .yaw(0.25f)
                .length(4.5f)
                .width(1.875f)
                .height(1.5f);
        }
        worldModel.putOccupancy(grid, 0, grid.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + worldModel.encodedLength();
    }

    /**
     * A trajectory of {@code points} points 1 m apart straight ahead.
     */
    int trajectory(final long sequence, final long captureTimeNs, final int points)
    {
        trajectory.wrapAndApplyHeader(buffer, 0, header)
            .timeNs(captureTimeNs)
            .sequence(sequence)
            .worldModelSequence(sequence)
            .newestCaptureTimeNs(captureTimeNs)
            .maneuver(Maneuver.FOLLOW)
            .targetSpeedMps(25.0f);
        final TrajectoryEncoder.PointsEncoder group = trajectory.pointsCount(points);
        for (int i = 0; i < points; i++)
        {
            group.next().tOffsetS(0.1f * i).x(i).y(0.0f).yaw(0.0f).speedMps(25.0f).accelerationMps2(0.0f).curvature(0.0f);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + trajectory.encodedLength();
    }

    /**
     * A health report: every sensor of the rig OK but the first, which is SILENT.
     */
    int health(final Rig rig, final long timeNs)
    {
        health.wrapAndApplyHeader(buffer, 0, header).timeNs(timeNs);
        final SensorHealthEncoder.SensorsEncoder group = health.sensorsCount(rig.sensorCount());
        for (final SensorConfig sensor : rig.sensors())
        {
            group.next()
                .sensorId(sensor.id())
                .kind(sensor.kind())
                .state(0 == sensor.index() ? HealthState.SILENT : HealthState.OK)
                .messages(1000 + sensor.index())
                .gaps(sensor.index())
                .lastCaptureTimeNs(timeNs);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offers what was just encoded, retrying through back pressure or until a subscriber has connected.
     */
    void publish(final ExclusivePublication publication, final int length)
    {
        Await.until(() -> publication.offer(buffer, 0, length) > 0, Duration.ofSeconds(10),
            () -> "offer on stream " + publication.streamId());
    }
}
