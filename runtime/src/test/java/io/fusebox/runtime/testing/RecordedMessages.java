package io.fusebox.runtime.testing;

import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.Maneuver;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import io.fusebox.sensors.codec.TrackStatus;
import io.fusebox.sensors.codec.TrajectoryEncoder;
import io.fusebox.sensors.codec.WorldModelEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Fusion inputs and outputs with chosen sequences, times and sizes, for recorder and replay tests that
 * act as the sequencer (or as fusion) themselves. A camera frame's image payload sets the size.
 */
public final class RecordedMessages
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final FusionInputEncoder envelopeEncoder = new FusionInputEncoder();
    private final CameraFrameEncoder cameraEncoder = new CameraFrameEncoder();
    private final WorldModelEncoder worldModelEncoder = new WorldModelEncoder();
    private final TrajectoryEncoder trajectoryEncoder = new TrajectoryEncoder();
    private final ExpandableArrayBuffer sensorMessage = new ExpandableArrayBuffer(70 * 1024);
    private final byte[] image = new byte[64 * 1024];

    /**
     * @return length of a fusion input carrying a camera frame with an {@code imageBytes} image.
     */
    public int camera(
        final MutableDirectBuffer buffer,
        final int offset,
        final long globalSequence,
        final long receiveTimeNs,
        final int sensorId,
        final long sensorSequence,
        final int imageBytes)
    {
        final CameraFrameEncoder camera = cameraEncoder.wrapAndApplyHeader(sensorMessage, 0, headerEncoder);
        camera.stamp().captureTimeNs(receiveTimeNs - 1_000_000).sequence(sensorSequence).sensorId(sensorId);
        camera.frameHandle(sensorSequence).exposureNs(1_000_000);
        camera.objectsCount(0);
        image[0] = (byte)globalSequence;
        camera.putCompressedImage(image, 0, imageBytes);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + camera.encodedLength();
        final FusionInputEncoder envelope = envelopeEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .globalSequence(globalSequence)
            .receiveTimeNs(receiveTimeNs)
            .sourceStreamId(1000 + sensorId)
            .putSensorMessage(sensorMessage, 0, length);
        return MessageHeaderEncoder.ENCODED_LENGTH + envelope.encodedLength();
    }

    public int worldModel(final MutableDirectBuffer buffer, final int offset, final long timeNs, final long sequence)
    {
        final WorldModelEncoder model = worldModelEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        model.timeNs(timeNs).sequence(sequence).lastInputSequence(sequence).newestCaptureTimeNs(timeNs)
            .contributingSensors(1L).missingSensors(0L).egoX(sequence).egoY(0).egoYaw(0).egoSpeedMps(10)
            .egoYawRateRps(0).egoAccelerationMps2(0).gridCellsX(0).gridCellsY(0).gridCellSizeM(0.5f);
        final WorldModelEncoder.ObjectsEncoder objects = model.objectsCount(2);
        for (int i = 0; i < 2; i++)
        {
            // Every field set: a field left out would carry whatever the buffer held before.
            objects.next().trackId(i).objectClass(ObjectClass.CAR).status(TrackStatus.CONFIRMED).classConfidence(0.9f)
                .existence(0.99f).x(10.0f * i + sequence).y(1.0f).vx(2.0f).vy(0.0f).yaw(0.0f).yawRate(0.0f)
                .length(4.5f).width(1.8f).height(1.5f).contributingSensors(1L << i);
            for (int c = 0; c < 10; c++)
            {
                objects.covariance(c, 0.01f * c);
            }
        }
        model.putOccupancy(image, 0, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + model.encodedLength();
    }

    public int trajectory(final MutableDirectBuffer buffer, final int offset, final long timeNs, final long sequence)
    {
        final TrajectoryEncoder trajectory = trajectoryEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        trajectory.timeNs(timeNs).sequence(sequence).worldModelSequence(sequence).newestCaptureTimeNs(timeNs)
            .maneuver(Maneuver.CRUISE).targetSpeedMps(12.0f);
        final TrajectoryEncoder.PointsEncoder points = trajectory.pointsCount(3);
        for (int i = 0; i < 3; i++)
        {
            points.next().tOffsetS(i * 0.5f).x(i * 6.0f).y(0).yaw(0).speedMps(12.0f).accelerationMps2(0).curvature(0);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + trajectory.encodedLength();
    }
}
