package io.fusebox.runtime.testing;

import io.fusebox.sensors.codec.CameraFrameEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.ObjectClass;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes sensor messages with chosen ids, sequences and times, for tests that need exact control.
 */
public final class SensorMessages
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CameraFrameEncoder cameraEncoder = new CameraFrameEncoder();

    /**
     * @return length of a camera frame with {@code objects} detections and an empty image, header included.
     */
    public int camera(
        final MutableDirectBuffer buffer,
        final int offset,
        final int sensorId,
        final long sequence,
        final long captureTimeNs,
        final int objects)
    {
        final CameraFrameEncoder encoder = cameraEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        encoder.stamp().captureTimeNs(captureTimeNs).sequence(sequence).sensorId(sensorId);
        encoder.frameHandle(sequence).exposureNs(1_000_000);
        final CameraFrameEncoder.ObjectsEncoder group = encoder.objectsCount(objects);
        for (int i = 0; i < objects; i++)
        {
            group.next().objectClass(ObjectClass.CAR).confidence(0.9f);
        }
        encoder.putCompressedImage(buffer, offset, 0);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
