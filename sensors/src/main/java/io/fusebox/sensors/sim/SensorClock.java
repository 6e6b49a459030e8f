package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.SensorConfig;

/**
 * When one sensor's messages fall: message k at phase + k / rate, computed from k itself so that
 * nothing accumulates and any whole second holds exactly the nominal count. The phase comes from
 * the sensor id alone (not the seed), so every run of a rig has the same schedule.
 */
final class SensorClock
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long phaseNs;
    private final long integerRate;
    private final double periodNs;

    SensorClock(final SensorConfig sensor)
    {
        final double rate = sensor.messageRateHz();
        if (!(rate > 0))
        {
            throw new IllegalArgumentException("sensor " + sensor.name() + " has no positive message rate");
        }
        integerRate = rate == Math.rint(rate) ? (long)rate : 0;
        periodNs = NANOS_PER_SECOND / rate;
        final long period = Math.max(1, (long)periodNs);
        phaseNs = (NoiseStream.mix64(0x5EED_C10CL + sensor.id()) >>> 1) % period;
    }

    long phaseNs()
    {
        return phaseNs;
    }

    /**
     * @return simulation time of message {@code k}, ns.
     */
    long timeOf(final long k)
    {
        if (integerRate != 0)
        {
            // Split k so k * 1e9 cannot overflow however long the drive.
            final long seconds = k / integerRate;
            final long rest = k % integerRate;
            return phaseNs + seconds * NANOS_PER_SECOND + rest * NANOS_PER_SECOND / integerRate;
        }
        return phaseNs + (long)Math.floor(k * periodNs);
    }
}
