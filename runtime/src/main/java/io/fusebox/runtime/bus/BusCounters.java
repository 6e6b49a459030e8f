package io.fusebox.runtime.bus;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.fusebox.sensors.message.MalformedReason;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * fusebox's Aeron counters: type ids, keys and labels, and how to find them again. Counters live in
 * the media driver's CnC file, so a running system is read from outside exactly as AeronStat reads a
 * driver, and a test asserts on the same numbers an operator sees.
 *
 * <p>Every counter's key starts with one int: the sensor id for per-sensor counters (followed by its
 * stream id), the stream id for stream-wide counters, the {@link MalformedReason} ordinal for
 * malformed-by-reason counters. Type ids are in 7700..7799, clear of Aeron's, Archive's and
 * Cluster's.
 */
public final class BusCounters
{
    // Type id ranges, one per component, so counters read from outside are never ambiguous:
    // 7700-7729 bus and sequencer (here), 7731-7739 planner (PlannerAgent), 7741-7749 recorder (RecorderAgent),
    // 7750-7769 fusion (FusionCounters), 7780-7789 edge gateways (VelodyneGateway).

    /** Errors reported by fusebox components on this bus. */
    public static final int ERRORS_TYPE_ID = 7700;

    /** Per sensor, by the rig publisher: messages published. */
    public static final int PUBLISHER_MESSAGES_TYPE_ID = 7701;
    /** Per sensor, by the rig publisher: bytes published. */
    public static final int PUBLISHER_BYTES_TYPE_ID = 7702;
    /** Per sensor, by the rig publisher: messages held back at least once by back pressure. */
    public static final int PUBLISHER_BACK_PRESSURE_TYPE_ID = 7703;
    /** Per sensor, by the rig publisher: messages held back because no subscriber was connected yet. */
    public static final int PUBLISHER_NOT_CONNECTED_TYPE_ID = 7704;

    /** Per sensor, by the sequencer: messages accepted and forwarded. */
    public static final int SEQUENCER_MESSAGES_TYPE_ID = 7711;
    /** Per sensor, by the sequencer: bytes of sensor messages forwarded. */
    public static final int SEQUENCER_BYTES_TYPE_ID = 7712;
    /** Per sensor, by the sequencer: sequence numbers skipped when a sensor's sequence jumped forward. */
    public static final int SEQUENCER_GAPS_TYPE_ID = 7713;
    /** Per sensor, by the sequencer: messages dropped as repeats of one already forwarded. */
    public static final int SEQUENCER_DUPLICATES_TYPE_ID = 7714;
    /** Per sensor, by the sequencer: messages forwarded that arrived after a later one (late). */
    public static final int SEQUENCER_OUT_OF_ORDER_TYPE_ID = 7715;
    /** Per sensor, by the sequencer: messages dropped as malformed or misrouted. */
    public static final int SEQUENCER_MALFORMED_TYPE_ID = 7716;

    /** Fusion-input stream: messages published. */
    public static final int FUSION_INPUT_MESSAGES_TYPE_ID = 7721;
    /** Fusion-input stream: bytes published. */
    public static final int FUSION_INPUT_BYTES_TYPE_ID = 7722;
    /** Fusion-input stream: messages the sequencer held back at least once by back pressure. */
    public static final int FUSION_INPUT_BACK_PRESSURE_TYPE_ID = 7723;
    /** Fusion-input stream: messages held back because no consumer was connected. */
    public static final int FUSION_INPUT_NOT_CONNECTED_TYPE_ID = 7724;
    /** Malformed messages dropped by the sequencer, one counter per {@link MalformedReason}. */
    public static final int MALFORMED_BY_REASON_TYPE_ID = 7725;

    private static final int KEY_LENGTH = 2 * Integer.BYTES;

    private BusCounters()
    {
    }

    /**
     * Adds a per-sensor counter, labelled e.g. {@code fusebox sensor 31 lidar_roof: messages published}.
     */
    public static Counter addSensorCounter(
        final Aeron aeron, final int typeId, final SensorConfig sensor, final String what)
    {
        return add(aeron, typeId, sensor.id(), sensor.streamId(),
            "fusebox sensor " + sensor.id() + " " + sensor.name() + ": " + what);
    }

    /**
     * Adds a counter for a whole stream, labelled e.g. {@code fusebox fusion-input stream 10: messages}.
     */
    public static Counter addStreamCounter(
        final Aeron aeron, final int typeId, final String streamName, final int streamId, final String what)
    {
        return add(aeron, typeId, streamId, 0, "fusebox " + streamName + " stream " + streamId + ": " + what);
    }

    /**
     * Adds a malformed-by-reason counter, labelled e.g. {@code fusebox sequencer malformed: GROUP_PAST_BUFFER}.
     */
    public static Counter addMalformedReasonCounter(final Aeron aeron, final MalformedReason reason)
    {
        return add(aeron, MALFORMED_BY_REASON_TYPE_ID, reason.ordinal(), 0, "fusebox sequencer malformed: " + reason.name());
    }

    /**
     * Adds a counter with a plain label and no key.
     */
    public static Counter addCounter(final Aeron aeron, final int typeId, final String label)
    {
        return add(aeron, typeId, 0, 0, label);
    }

    /**
     * Finds a counter by type and the first int of its key (sensor id, stream id or reason ordinal).
     *
     * @return the counter id, or {@link CountersReader#NULL_COUNTER_ID} when there is none.
     */
    public static int findCounterId(final CountersReader counters, final int typeId, final int key)
    {
        for (int counterId = 0, maxId = counters.maxCounterId(); counterId < maxId; counterId++)
        {
            final int state = counters.getCounterState(counterId);
            if (CountersReader.RECORD_ALLOCATED == state)
            {
                if (counters.getCounterTypeId(counterId) == typeId &&
                    counters.metaDataBuffer().getInt(CountersReader.metaDataOffset(counterId) + CountersReader.KEY_OFFSET) == key)
                {
                    return counterId;
                }
            }
            else if (CountersReader.RECORD_UNUSED == state)
            {
                break;
            }
        }
        return CountersReader.NULL_COUNTER_ID;
    }

    /**
     * @return the value of the counter of this type and key.
     * @throws IllegalStateException when there is no such counter.
     */
    public static long value(final CountersReader counters, final int typeId, final int key)
    {
        final int counterId = findCounterId(counters, typeId, key);
        if (CountersReader.NULL_COUNTER_ID == counterId)
        {
            throw new IllegalStateException("no counter of type " + typeId + " with key " + key);
        }
        return counters.getCounterValue(counterId);
    }

    private static Counter add(final Aeron aeron, final int typeId, final int key0, final int key1, final String label)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[KEY_LENGTH]);
        key.putInt(0, key0);
        key.putInt(Integer.BYTES, key1);
        final ExpandableArrayBuffer labelBuffer = new ExpandableArrayBuffer(label.length());
        final int labelLength = labelBuffer.putStringWithoutLengthAscii(0, label);
        return aeron.addCounter(typeId, key, 0, KEY_LENGTH, labelBuffer, 0, labelLength);
    }
}
