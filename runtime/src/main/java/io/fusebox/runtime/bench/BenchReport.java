package io.fusebox.runtime.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link BenchResult} to a folder that works offline: one HdrHistogram log per stage
 * ({@code <stage>.hlog}, an interval histogram per load step, tagged {@code load=N}), {@code summary.json}, and
 * {@code index.html} with each stage's percentile distribution per load and the ramp curve, drawn by uPlot, whose
 * script and style sheet are copied next to the page from the uPlot webjar on the class path.
 */
public final class BenchReport
{
    public static final String PAGE = "index.html";
    public static final String SUMMARY = "summary.json";
    public static final String UPLOT_SCRIPT = "uPlot.iife.min.js";
    public static final String UPLOT_STYLE = "uPlot.min.css";
    private static final String UPLOT_WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    /** Where the webjar keeps uPlot's distribution (org.webjars.npm:uplot, version pinned in the root pom). */
    static final String UPLOT_WEBJAR_DIST = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    /** Percentile-distribution points per decade of 1/(1 - percentile): ten, from p0 up to p99.9999. */
    private static final int POINTS_PER_DECADE = 10;
    private static final int DECADES = 6;

    private BenchReport()
    {
    }

    /**
     * Writes every file of the report into {@code directory}, creating it.
     */
    public static void write(final BenchResult result, final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        result.writeJson(directory.resolve(SUMMARY));
        for (final Stage stage : Stage.values())
        {
            writeLog(result.steps(), stage, directory.resolve(logName(stage)));
        }
        copyResource(UPLOT_WEBJAR_DIST + UPLOT_SCRIPT, directory.resolve(UPLOT_SCRIPT));
        copyResource(UPLOT_WEBJAR_DIST + UPLOT_STYLE, directory.resolve(UPLOT_STYLE));
        Files.writeString(directory.resolve(PAGE), page(result), StandardCharsets.UTF_8);
    }

    /**
     * @return the stage's HdrHistogram log file name.
     */
    public static String logName(final Stage stage)
    {
        return stage.jsonName() + ".hlog";
    }

    private static void writeLog(final List<LoadStep> steps, final Stage stage, final Path file) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("fusebox bench: " + stage.jsonName() + " latency, ns, one interval per load step");
            writer.outputLogFormatVersion();
            writer.outputStartTime(0);
            writer.setBaseTime(0);
            writer.outputLegend();
            long startMs = 0;
            for (final LoadStep step : steps)
            {
                final Histogram histogram = step.latencyNs(stage).copy();
                final long lengthMs = Math.round(step.measuredS() * 1000);
                histogram.setStartTimeStamp(startMs);
                histogram.setEndTimeStamp(startMs + lengthMs);
                histogram.setTag("load=" + step.load());
                writer.outputIntervalHistogram(histogram);
                startMs += lengthMs;
            }
        }
    }

    private static void copyResource(final String resource, final Path target) throws IOException
    {
        try (InputStream in = BenchReport.class.getClassLoader().getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IOException("uPlot is not on the class path: no " + resource +
                    " (the runtime depends on org.webjars.npm:uplot)");
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String page(final BenchResult result)
    {
        final StringBuilder data = new StringBuilder();
        data.append("{\"percentiles\":").append(percentileAxis()).append(",\"stages\":{");
        final Stage[] stages = Stage.values();
        for (int s = 0; s < stages.length; s++)
        {
            data.append(s > 0 ? "," : "").append('"').append(stages[s].jsonName()).append("\":[");
            final List<LoadStep> steps = result.steps();
            for (int i = 0; i < steps.size(); i++)
            {
                data.append(i > 0 ? "," : "").append("{\"load\":").append(steps.get(i).load())
                    .append(",\"us\":").append(distribution(steps.get(i).latencyNs(stages[s]))).append('}');
            }
            data.append(']');
        }
        data.append("},\"ramp\":{\"load\":[");
        final StringBuilder p50 = new StringBuilder();
        final StringBuilder p99 = new StringBuilder();
        final StringBuilder p9999 = new StringBuilder();
        for (int i = 0; i < result.steps().size(); i++)
        {
            final LoadStep step = result.steps().get(i);
            final Histogram endToEnd = step.latencyNs(Stage.END_TO_END);
            final String comma = i > 0 ? "," : "";
            data.append(comma).append(step.load());
            p50.append(comma).append(micros(endToEnd.getValueAtPercentile(50)));
            p99.append(comma).append(micros(endToEnd.getValueAtPercentile(99)));
            p9999.append(comma).append(micros(endToEnd.getValueAtPercentile(99.99)));
        }
        data.append("],\"p50\":[").append(p50).append("],\"p99\":[").append(p99)
            .append("],\"p9999\":[").append(p9999).append("]},\"targetP99Us\":")
            .append(result.context().targetP99Ns() / 1e3).append('}');

        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>fusebox bench: %1$s</title>
            <link rel="stylesheet" href="%2$s">
            <script src="%3$s"></script>
            <style>body{font-family:sans-serif;margin:1.5em} pre{background:#f4f4f4;padding:1em} .chart{margin:1em 0}</style>
            </head>
            <body>
            <h1>fusebox bench: %1$s</h1>
            <pre>%4$s</pre>
            <p>Files: <a href="%5$s">%5$s</a> and one HdrHistogram log per stage (%6$s), an interval per load step.</p>
            <h2>Percentile distribution per stage</h2>
            <p>Latency (µs, log scale) against percentile; each line is a load step.</p>
            <div id="stages"></div>
            <h2>Ramp: end to end against load</h2>
            <div id="ramp" class="chart"></div>
            <script>
            const data = %7$s;
            const colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
            const pctLabel = (x) => { const p = 100 * (1 - 1 / x); return p.toFixed(Math.max(0, Math.round(Math.log10(x)) - 2)) + "%%"; };
            const decades = () => [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
            for (const [stage, steps] of Object.entries(data.stages)) {
              const div = document.createElement("div");
              div.className = "chart";
              document.getElementById("stages").appendChild(div);
              const series = [{ label: "percentile", value: (u, x) => x == null ? "" : pctLabel(x) }];
              const columns = [data.percentiles];
              steps.forEach((step, i) => {
                series.push({ label: "load " + step.load + "x (µs)", stroke: colours[i %% colours.length], width: 2 });
                columns.push(step.us);
              });
              new uPlot({ title: stage, width: 900, height: 320,
                scales: { x: { time: false, distr: 3, range: [1, 1e6] }, y: { distr: 3 } },
                axes: [{ label: "percentile", splits: decades, values: (u, ticks) => ticks.map(pctLabel) }, { label: "µs" }],
                series: series }, columns, div);
            }
            new uPlot({ title: "end to end against load (target p99 " + data.targetP99Us + " µs)", width: 900, height: 320,
              scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
              axes: [{ label: "load (x nominal)" }, { label: "µs" }],
              series: [{ label: "load" },
                { label: "p50", stroke: colours[0], width: 2, points: { show: true } },
                { label: "p99", stroke: colours[1], width: 2, points: { show: true } },
                { label: "p99.99", stroke: colours[2], width: 2, points: { show: true } }] },
              [data.ramp.load, data.ramp.p50, data.ramp.p99, data.ramp.p9999], document.getElementById("ramp"));
            </script>
            </body>
            </html>
            """.formatted(escape(result.context().scenario()), UPLOT_STYLE, UPLOT_SCRIPT,
            escape(result.summaryText()), SUMMARY, String.join(", ", logNames()), data);
    }

    /** x values: 1 / (1 - percentile), from 1 (p0) to 10^6 (p99.9999). */
    private static String percentileAxis()
    {
        final StringBuilder axis = new StringBuilder("[");
        for (int i = 0; i <= POINTS_PER_DECADE * DECADES; i++)
        {
            axis.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6g",
                Math.pow(10, (double)i / POINTS_PER_DECADE)));
        }
        return axis.append(']').toString();
    }

    private static String distribution(final Histogram histogram)
    {
        final StringBuilder values = new StringBuilder("[");
        for (int i = 0; i <= POINTS_PER_DECADE * DECADES; i++)
        {
            final double percentile = 100.0 * (1.0 - Math.pow(10, -(double)i / POINTS_PER_DECADE));
            values.append(i > 0 ? "," : "").append(0 == histogram.getTotalCount() ? "null" :
                micros(histogram.getValueAtPercentile(percentile)));
        }
        return values.append(']').toString();
    }

    private static String micros(final long nanos)
    {
        return String.format(Locale.ROOT, "%.3f", Math.max(nanos, 1) / 1e3);
    }

    private static String[] logNames()
    {
        final Stage[] stages = Stage.values();
        final String[] names = new String[stages.length];
        for (int i = 0; i < stages.length; i++)
        {
            names[i] = logName(stages[i]);
        }
        return names;
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The webjar's version, from its Maven metadata, so the pom is the one place it is pinned. */
    private static String uplotVersion()
    {
        try (InputStream in = BenchReport.class.getClassLoader().getResourceAsStream(UPLOT_WEBJAR_POM))
        {
            if (null == in)
            {
                return "missing";
            }
            final java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version", "missing");
        }
        catch (final IOException ex)
        {
            return "missing";
        }
    }
}
