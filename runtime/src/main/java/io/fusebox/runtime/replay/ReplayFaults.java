package io.fusebox.runtime.replay;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Faults injected into a replay, per sensor id: a dropped sensor's messages are withheld (a dead sensor);
 * a delayed sensor's messages go out that much later in the replay schedule (a late sensor), after
 * whatever the other sensors sent meanwhile.
 *
 * <p>With faults the fusion input is no longer the recorded one, so it is re-sequenced as a live
 * sequencer would have stamped it: global sequences contiguous in publication order and a delayed
 * message's receive time moved by its delay. Sensor messages themselves (capture times included) are
 * untouched: fusion sees a late sensor, not a different one.
 *
 * <p>Built from the command line's text ({@link #drop(int)}, {@link #delay(int, long)}), checked against
 * the recorded rig by {@link #validate(Rig)}. Immutable once handed to a {@link ReplayContext}.
 */
public final class ReplayFaults
{
    /** Longest delay: delayed messages wait in memory, so a delay holds that much of the sensor's output. */
    public static final long MAX_DELAY_NS = TimeUnit.SECONDS.toNanos(10);

    private final TreeSet<Integer> dropped = new TreeSet<>();
    private final TreeMap<Integer, Long> delayNs = new TreeMap<>();

    /**
     * @param sensorId a sensor whose messages are withheld.
     * @throws IllegalArgumentException when the sensor is delayed too.
     */
    public ReplayFaults drop(final int sensorId)
    {
        if (delayNs.containsKey(sensorId))
        {
            throw new IllegalArgumentException("drop: sensor " + sensorId + " is delayed too; a sensor is dropped or " +
                "delayed, not both");
        }
        dropped.add(sensorId);
        return this;
    }

    /**
     * @param sensorId a sensor whose messages are published later.
     * @param delayNs  how much later, in recorded time: positive, at most {@link #MAX_DELAY_NS}.
     * @throws IllegalArgumentException naming the reason.
     */
    public ReplayFaults delay(final int sensorId, final long delayNs)
    {
        if (delayNs <= 0 || delayNs > MAX_DELAY_NS)
        {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "delay: sensor %d's delay must be above 0 and at most %d s, was %.3f ms",
                sensorId, TimeUnit.NANOSECONDS.toSeconds(MAX_DELAY_NS), delayNs / 1e6));
        }
        if (dropped.contains(sensorId))
        {
            throw new IllegalArgumentException("delay: sensor " + sensorId + " is dropped too; a sensor is dropped or " +
                "delayed, not both");
        }
        if (null != this.delayNs.putIfAbsent(sensorId, delayNs))
        {
            throw new IllegalArgumentException("delay: sensor " + sensorId + " is given twice");
        }
        return this;
    }

    public boolean isEmpty()
    {
        return dropped.isEmpty() && delayNs.isEmpty();
    }

    /**
     * @throws IllegalArgumentException naming the first sensor id the rig does not have, and the ids it has.
     */
    public void validate(final Rig rig)
    {
        for (final int id : dropped)
        {
            checkKnown("drop", id, rig);
        }
        for (final int id : delayNs.keySet())
        {
            checkKnown("delay", id, rig);
        }
    }

    boolean isDropped(final int sensorId)
    {
        return dropped.contains(sensorId);
    }

    /**
     * @return the sensor's delay, or 0 when it is not delayed.
     */
    long delayNs(final int sensorId)
    {
        final Long delay = delayNs.get(sensorId);
        return null == delay ? 0 : delay;
    }

    /**
     * @return as typed: {@code drop 31; delay 21=50ms}, or {@code none}.
     */
    public String toString()
    {
        if (isEmpty())
        {
            return "none";
        }
        final StringJoiner text = new StringJoiner("; ");
        if (!dropped.isEmpty())
        {
            final StringJoiner ids = new StringJoiner(",");
            dropped.forEach(id -> ids.add(Integer.toString(id)));
            text.add("drop " + ids);
        }
        if (!delayNs.isEmpty())
        {
            final StringJoiner delays = new StringJoiner(",");
            delayNs.forEach((id, ns) -> delays.add(String.format(Locale.ROOT, "%d=%sms", id, trim(ns / 1e6))));
            text.add("delay " + delays);
        }
        return text.toString();
    }

    private static String trim(final double millis)
    {
        return millis == Math.rint(millis) ? Long.toString((long)millis) : Double.toString(millis);
    }

    private static void checkKnown(final String field, final int sensorId, final Rig rig)
    {
        if (rig.indexOf(sensorId) < 0)
        {
            final StringJoiner ids = new StringJoiner(", ");
            for (final SensorConfig sensor : rig.sensors())
            {
                ids.add(Integer.toString(sensor.id()));
            }
            throw new IllegalArgumentException(field + ": sensor " + sensorId + " is not in the recorded rig " +
                rig.name() + " (its sensor ids: " + ids + ")");
        }
    }
}
