package io.fusebox.runtime.fusion;

import io.fusebox.sensors.codec.HealthState;
import io.fusebox.sensors.codec.SensorHealthEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;

/**
 * Whether each sensor of the rig is talking, judged in message time only: a sensor whose newest
 * capture time is more than {@code degradedPeriods} of its own periods behind "now" (a world
 * model's time) is DEGRADED, and OK again as soon as a message of it arrives. A LiDAR's period is
 * its sweep's, not a sector's. A sensor never heard from is SILENT once the same span has passed
 * since fusion's first input. Messages and sequence gaps are counted on arrival, before the
 * reorder window, so a late message still shows its sensor is alive.
 */
final class SensorHealthMonitor
{
    private final Rig rig;
    private final int sensorCount;
    private final long[] silenceLimitNs;
    private final long[] messages;
    private final long[] gaps;
    private final long[] lastCaptureTimeNs;
    private final long[] lastSequence;
    private final HealthState[] state;
    private long firstCaptureTimeNs = Long.MIN_VALUE;
    private long degradedTransitions;
    private long recoveries;

    SensorHealthMonitor(final Rig rig, final int degradedPeriods)
    {
        this.rig = rig;
        sensorCount = rig.sensorCount();
        silenceLimitNs = new long[sensorCount];
        messages = new long[sensorCount];
        gaps = new long[sensorCount];
        lastCaptureTimeNs = new long[sensorCount];
        lastSequence = new long[sensorCount];
        state = new HealthState[sensorCount];
        for (int i = 0; i < sensorCount; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            silenceLimitNs[i] = degradedPeriods * sensor.periodNs();
            lastCaptureTimeNs[i] = Long.MIN_VALUE;
            lastSequence[i] = -1;
            state[i] = HealthState.OK;
        }
    }

    void onMessage(final int sensorIndex, final long captureTimeNs, final long sequence)
    {
        if (Long.MIN_VALUE == firstCaptureTimeNs)
        {
            firstCaptureTimeNs = captureTimeNs;
        }
        messages[sensorIndex]++;
        if (lastSequence[sensorIndex] >= 0 && sequence > lastSequence[sensorIndex] + 1)
        {
            gaps[sensorIndex] += sequence - lastSequence[sensorIndex] - 1;
        }
        lastSequence[sensorIndex] = Math.max(lastSequence[sensorIndex], sequence);
        lastCaptureTimeNs[sensorIndex] = Math.max(lastCaptureTimeNs[sensorIndex], captureTimeNs);
    }

    /**
     * Re-evaluates every sensor at message time nowNs.
     *
     * @return the mask of sensors not OK (bit = rig index).
     */
    long evaluate(final long nowNs)
    {
        long missing = 0;
        for (int i = 0; i < sensorCount; i++)
        {
            final HealthState next;
            if (Long.MIN_VALUE == lastCaptureTimeNs[i])
            {
                next = Long.MIN_VALUE != firstCaptureTimeNs && nowNs - firstCaptureTimeNs > silenceLimitNs[i] ?
                    HealthState.SILENT : HealthState.OK;
            }
            else
            {
                next = nowNs - lastCaptureTimeNs[i] > silenceLimitNs[i] ? HealthState.DEGRADED : HealthState.OK;
            }
            if (next != state[i])
            {
                if (next == HealthState.OK)
                {
                    recoveries++;
                }
                else if (state[i] == HealthState.OK)
                {
                    degradedTransitions++;
                }
                state[i] = next;
            }
            if (next != HealthState.OK)
            {
                missing |= 1L << i;
            }
        }
        return missing;
    }

    void encode(final SensorHealthEncoder encoder, final long nowNs)
    {
        encoder.timeNs(nowNs);
        final SensorHealthEncoder.SensorsEncoder group = encoder.sensorsCount(sensorCount);
        for (int i = 0; i < sensorCount; i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            group.next()
                .sensorId(sensor.id())
                .kind(sensor.kind())
                .state(state[i])
                .messages(messages[i])
                .gaps(gaps[i])
                .lastCaptureTimeNs(Long.MIN_VALUE == lastCaptureTimeNs[i] ? 0 : lastCaptureTimeNs[i]);
        }
    }

    /**
     * @return true when the sensor's newest message is within its silence limit of nowNs.
     */
    boolean isAlive(final int sensorIndex, final long nowNs)
    {
        return Long.MIN_VALUE != lastCaptureTimeNs[sensorIndex] && nowNs - lastCaptureTimeNs[sensorIndex] <= silenceLimitNs[sensorIndex];
    }

    HealthState state(final int sensorIndex)
    {
        return state[sensorIndex];
    }

    long messages(final int sensorIndex)
    {
        return messages[sensorIndex];
    }

    long degradedTransitions()
    {
        return degradedTransitions;
    }

    long recoveries()
    {
        return recoveries;
    }
}
