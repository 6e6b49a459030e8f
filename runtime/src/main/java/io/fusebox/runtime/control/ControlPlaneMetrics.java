package io.fusebox.runtime.control;

import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.agrona.CloseHelper;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The {@code /metrics} endpoint's registry (Micrometer, Prometheus text format). Every figure is read at scrape
 * time from where it already lives (the Aeron counters, the latency windows, the JVM's beans), so nothing on the
 * pipeline's threads knows Micrometer exists. Message rates are {@code rate()} of the {@code _total} counters.
 */
final class ControlPlaneMetrics implements AutoCloseable
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    ControlPlaneMetrics(
        final Rig rig,
        final CounterFigures figures,
        final LatencyWindow worldModelLatency,
        final LatencyWindow trajectoryLatency,
        final LongSupplier framesSent,
        final LongSupplier framesDropped,
        final LongSupplier clients)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            final String[] tags = { "sensor", sensor.name(), "kind", sensor.kind().name().toLowerCase(Locale.ROOT) };
            for (final CounterFigures.Figure figure : CounterFigures.SENSOR)
            {
                FunctionCounter.builder("fusebox.sensor." + snakeCase(figure.name()), figures,
                        f -> f.valueOrNaN(figure.typeId(), sensor.id()))
                    .tags(tags)
                    .description("per sensor, from the bus counters")
                    .register(registry);
            }
        }
        stage("fusebox.fusion.", CounterFigures.FUSION, figures, rig.bus().worldModelStreamId());
        stage("fusebox.planner.", CounterFigures.PLANNER, figures, rig.bus().trajectoryStreamId());
        latency("fusebox.world.model.latency", worldModelLatency,
            "sensor capture to world model at the control plane, last second");
        latency("fusebox.trajectory.latency", trajectoryLatency,
            "sensor capture to trajectory at the control plane, last second");
        FunctionCounter.builder("fusebox.dashboard.frames.sent", framesSent, LongSupplier::getAsLong)
            .register(registry);
        FunctionCounter.builder("fusebox.dashboard.frames.dropped", framesDropped, LongSupplier::getAsLong)
            .description("frames a slow WebSocket client lost")
            .register(registry);
        Gauge.builder("fusebox.dashboard.clients", clients, LongSupplier::getAsLong).register(registry);

        gcMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /**
     * @return every metric in Prometheus' text format.
     */
    String scrape()
    {
        return registry.scrape();
    }

    public void close()
    {
        CloseHelper.quietCloseAll(gcMetrics, registry::close);
    }

    private void stage(final String prefix, final List<CounterFigures.Figure> stageFigures, final CounterFigures figures,
        final int key)
    {
        for (final CounterFigures.Figure figure : stageFigures)
        {
            final String name = prefix + snakeCase(figure.name());
            if (figure.isLevel())
            {
                Gauge.builder(name, figures, f -> f.valueOrNaN(figure.typeId(), key)).register(registry);
            }
            else
            {
                FunctionCounter.builder(name, figures, f -> f.valueOrNaN(figure.typeId(), key)).register(registry);
            }
        }
    }

    private void latency(final String name, final LatencyWindow window, final String description)
    {
        for (int i = 0; i < LatencyWindow.PERCENTILES.length; i++)
        {
            final int index = i;
            Gauge.builder(name + ".seconds", window, w -> w.percentileNs(index) / 1e9)
                .tag("percentile", String.valueOf(LatencyWindow.PERCENTILES[i]).replace(".0", ""))
                .description(description)
                .register(registry);
        }
        Gauge.builder(name + ".max.seconds", window, w -> w.maxNs() / 1e9).description(description).register(registry);
    }

    private static String snakeCase(final String camelCase)
    {
        return camelCase.replaceAll("([a-z])([A-Z])", "$1.$2").toLowerCase(Locale.ROOT);
    }
}
