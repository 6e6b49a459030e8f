package io.fusebox.runtime.sequencer;

import io.fusebox.sensors.codec.SensorKind;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * Capture-to-receive latency (sequencer receive time minus the sensor's capture time) by sensor kind,
 * in HdrHistogram {@link Recorder}s: the sequencer records without allocating or locking, and another
 * thread takes interval histograms whenever it likes.
 */
public final class CaptureLatency
{
    /** Latencies above this are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder[] recorders = new Recorder[SensorKind.values().length];

    public CaptureLatency()
    {
        for (final SensorKind kind : SensorKind.values())
        {
            if (SensorKind.NULL_VAL != kind)
            {
                recorders[kind.ordinal()] = new Recorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
            }
        }
    }

    /**
     * Records one latency; a negative one (a sensor clock ahead of the receiver's) counts as zero.
     */
    public void record(final SensorKind kind, final long latencyNs)
    {
        recorders[kind.ordinal()].recordValue(Math.max(0, Math.min(latencyNs, HIGHEST_TRACKABLE_NS)));
    }

    /**
     * @return the latencies recorded for this kind since the last call (for this kind), in a new histogram.
     */
    public Histogram intervalHistogram(final SensorKind kind)
    {
        return recorders[kind.ordinal()].getIntervalHistogram();
    }

    /**
     * @param recycle a histogram returned by an earlier call for this kind, reused to save allocation.
     * @return the latencies recorded for this kind since the last call.
     */
    public Histogram intervalHistogram(final SensorKind kind, final Histogram recycle)
    {
        return recorders[kind.ordinal()].getIntervalHistogram(recycle);
    }
}
