package io.fusebox.sensors.message;

import org.agrona.MutableDirectBuffer;

/**
 * A time-ordered source of encoded sensor messages for a whole rig: the simulated world, a
 * synthetic load generator, or (later) a gateway. The caller publishes each message on the stream of
 * the sensor it names, no earlier than its capture time.
 *
 * <p>Implementations are deterministic: the same construction gives the same messages, byte for
 * byte, whatever the caller's pacing. Not thread-safe; one caller.
 */
public interface SensorMessageSource
{
    /**
     * @return capture time (sensor clock, ns) of the next message, or {@link Long#MAX_VALUE} when the
     * source is exhausted.
     */
    long nextCaptureTimeNs();

    /**
     * @return rig index of the sensor that produces the next message.
     */
    int nextSensorIndex();

    /**
     * Encodes the next message (SBE header included) and advances to the one after it.
     *
     * @param buffer to encode into; at least {@code RigLoader.MAX_SENSOR_MESSAGE_BYTES} from offset.
     * @param offset in the buffer.
     * @return encoded length in bytes.
     */
    int encodeNext(MutableDirectBuffer buffer, int offset);
}
