package io.fusebox.replay.testing;

import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.LidarSectorEncoder;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the messages a drive log holds, with chosen ids, sequences and times, so log tests control
 * every byte. Values are derived from the arguments, so the same call gives the same bytes.
 */
public final class TestMessages
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FusionInputEncoder fusionInputEncoder = new FusionInputEncoder();
    private final CameraFrameEncoder cameraEncoder = new CameraFrameEncoder();
    private final LidarSectorEncoder lidarEncoder = new LidarSectorEncoder();
    private final WorldModelEncoder worldModelEncoder = new WorldModelEncoder();
    private final TrajectoryEncoder trajectoryEncoder = new TrajectoryEncoder();
    private final SensorHealthEncoder healthEncoder = new SensorHealthEncoder();
    private final ExpandableArrayBuffer sensorMessage = new ExpandableArrayBuffer(70 * 1024);

    /**
     * @return length of a fusion input carrying a camera frame with {@code objects} detections.
     */
    public int cameraInput(
        final MutableDirectBuffer buffer,
        final int offset,
        final long globalSequence,
        final long receiveTimeNs,
        final int sensorId,
        final long sensorSequence,
        final int objects)
    {
        final CameraFrameEncoder camera = cameraEncoder.wrapAndApplyHeader(sensorMessage, 0, headerEncoder);
        camera.stamp().captureTimeNs(receiveTimeNs - 1_000_000).sequence(sensorSequence).sensorId(sensorId);
        camera.frameHandle(sensorSequence).exposureNs(1_000_000);
        final CameraFrameEncoder.ObjectsEncoder group = camera.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next().objectClass(ObjectClass.CAR).confidence(0.5f + i * 0.01f);
        }
        camera.putCompressedImage(sensorMessage, 0, 0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + camera.encodedLength();
        return envelope(buffer, offset, globalSequence, receiveTimeNs, 1000 + sensorId, length);
    }

    /**
     * @return length of a fusion input carrying a LiDAR sector of {@code points} points (16 bytes each).
     */
    public int lidarInput(
        final MutableDirectBuffer buffer,
        final int offset,
        final long globalSequence,
        final long receiveTimeNs,
        final int sensorId,
        final long sensorSequence,
        final int points)
    {
        final LidarSectorEncoder lidar = lidarEncoder.wrapAndApplyHeader(sensorMessage, 0, headerEncoder);
        lidar.stamp().captureTimeNs(receiveTimeNs - 500_000).sequence(sensorSequence).sensorId(sensorId);
        lidar.sweepId(sensorSequence / 128).sectorIndex((int)(sensorSequence % 128)).sectorCount(128)
            .azimuthStartRad(0.0f).azimuthEndRad(0.05f);
        final LidarSectorEncoder.PointsEncoder group = lidar.pointsCount(points);
        for (int i = 0; i < points; i++)
        {
            group.next().x(i * 0.01f).y((float)sensorSequence).z(1.0f).intensity((short)(i & 0xFF))
                .ring((short)(i & 0x7F)).timeOffsetUs(i & 0xFFFF);
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + lidar.encodedLength();
        return envelope(buffer, offset, globalSequence, receiveTimeNs, 1000 + sensorId, length);
    }

    /**
     * @return length of a world model with {@code objects} tracks and a small occupancy grid.
     */
    public int worldModel(
        final MutableDirectBuffer buffer, final int offset, final long timeNs, final long sequence, final int objects)
    {
        final WorldModelEncoder model = worldModelEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        model.timeNs(timeNs).sequence(sequence).lastInputSequence(sequence * 10).newestCaptureTimeNs(timeNs - 1000)
            .contributingSensors(0xFFL).missingSensors(0L).egoX(sequence * 0.5).egoY(1.25).egoYaw(0.1f)
            .egoSpeedMps(13.5f).egoYawRateRps(0.01f).egoAccelerationMps2(0.2f)
            .gridCellsX(4).gridCellsY(2).gridCellSizeM(0.5f);
        final WorldModelEncoder.ObjectsEncoder group = model.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next().trackId(i).objectClass(ObjectClass.CAR).status(TrackStatus.CONFIRMED).classConfidence(0.9f)
                .existence(0.95f).x(10.0f + i).y(-2.0f).vx(1.0f).vy(0.0f).yaw(0.0f).yawRate(0.0f)
                .length(4.5f).width(1.9f).height(1.5f).contributingSensors(3L);
            for (int c = 0; c < 10; c++)
            {
                group.covariance(c, 0.1f * c);
            }
        }
        final byte[] occupancy = { 0, 10, 20, 30, 40, 50, 60, (byte)sequence };
        model.putOccupancy(occupancy, 0, occupancy.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + model.encodedLength();
    }

    /**
     * @return length of a trajectory of {@code points} points.
     */
    public int trajectory(
        final MutableDirectBuffer buffer, final int offset, final long timeNs, final long sequence, final int points)
    {
        final TrajectoryEncoder trajectory = trajectoryEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        trajectory.timeNs(timeNs).sequence(sequence).worldModelSequence(sequence).newestCaptureTimeNs(timeNs - 1000)
            .maneuver(Maneuver.CRUISE).targetSpeedMps(13.9f);
        final TrajectoryEncoder.PointsEncoder group = trajectory.pointsCount(points);
        for (int i = 0; i < points; i++)
        {
            group.next().tOffsetS(i * 0.1f).x(i * 1.4f).y(0.0f).yaw(0.0f).speedMps(13.9f).accelerationMps2(0.0f)
                .curvature(0.0f);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + trajectory.encodedLength();
    }

    /**
     * @return length of a health report of {@code sensors} sensors.
     */
    public int health(final MutableDirectBuffer buffer, final int offset, final long timeNs, final int sensors)
    {
        final SensorHealthEncoder health = healthEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        health.timeNs(timeNs);
        final SensorHealthEncoder.SensorsEncoder group = health.sensorsCount(sensors);
        for (int i = 0; i < sensors; i++)
        {
            group.next().sensorId(i + 1).kind(SensorKind.CAMERA).state(HealthState.OK).messages(timeNs / 1000)
                .gaps(0).lastCaptureTimeNs(timeNs);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + health.encodedLength();
    }

    private int envelope(
        final MutableDirectBuffer buffer,
        final int offset,
        final long globalSequence,
        final long receiveTimeNs,
        final int streamId,
        final int sensorMessageLength)
    {
        final FusionInputEncoder envelope = fusionInputEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .globalSequence(globalSequence)
            .receiveTimeNs(receiveTimeNs)
            .sourceStreamId(streamId)
            .putSensorMessage(sensorMessage, 0, sensorMessageLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength();
    }
}
