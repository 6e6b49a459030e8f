package io.fusebox.runtime.control;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Percentiles of one latency over the last window: the tap records into a {@link Recorder} (wait-free, no
 * allocation), the control plane rolls the window once a second and keeps the figures for the dashboard, the
 * REST API and {@code /metrics}.
 */
final class LatencyWindow
{
    /** The percentiles kept, in the order of {@link #percentileNs(int)}. */
    static final double[] PERCENTILES = { 50.0, 90.0, 99.0, 99.9 };

    private final Recorder recorder;
    private Histogram recycled;
    private final long[] percentileNs = new long[PERCENTILES.length];
    private volatile long maxNs;
    private volatile long count;

    LatencyWindow(final Recorder recorder)
    {
        this.recorder = recorder;
    }

    /**
     * Takes what was recorded since the last roll. One thread only (the control plane's event loop).
     */
    void roll()
    {
        final Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = interval;
        synchronized (percentileNs)
        {
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                percentileNs[i] = interval.getValueAtPercentile(PERCENTILES[i]);
            }
        }
        maxNs = interval.getMaxValue();
        count = interval.getTotalCount();
    }

    long percentileNs(final int index)
    {
        synchronized (percentileNs)
        {
            return percentileNs[index];
        }
    }

    long maxNs()
    {
        return maxNs;
    }

    /** Messages measured in the last window. */
    long count()
    {
        return count;
    }

    /**
     * @return {@code {"count":..,"p50Us":..,"p90Us":..,"p99Us":..,"p999Us":..,"maxUs":..}} over the last window.
     */
    JsonObject toJson()
    {
        final JsonObject json = new JsonObject().put("count", count());
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            json.put(jsonName(i), percentileNs(i) / 1000);
        }
        return json.put("maxUs", maxNs() / 1000);
    }

    static String jsonName(final int index)
    {
        return "p" + String.valueOf(PERCENTILES[index]).replace(".0", "").replace(".", "") + "Us";
    }
}
