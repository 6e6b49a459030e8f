package io.fusebox.bench;

import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks with JMH's own command line. With {@code -Dbench.quick} it makes a tiny run
 * (1 fork, 1 warmup and 1 measurement iteration of 1 s, fail on error) so CI can keep every benchmark
 * compiling and running; JMH itself knows no such property, hence this launcher. Options given on
 * the command line still win over the quick ones.
 */
public final class BenchMain
{
    /** Set (to anything but "false") for a quick run. */
    public static final String QUICK_PROPERTY = "bench.quick";

    private BenchMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String quick = System.getProperty(QUICK_PROPERTY);
        if (null == quick || "false".equalsIgnoreCase(quick))
        {
            Main.main(args);
            return;
        }

        final CommandLineOptions commandLine = new CommandLineOptions(args);
        if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListWithParams() ||
            commandLine.shouldListProfilers() || commandLine.shouldListResultFormats())
        {
            Main.main(args);
            return;
        }

        new Runner(quickOptions(commandLine)).run();
    }

    static Options quickOptions(final CommandLineOptions commandLine)
    {
        final ChainedOptionsBuilder builder = new OptionsBuilder().parent(commandLine);
        if (!commandLine.getForkCount().hasValue())
        {
            builder.forks(1);
        }
        if (!commandLine.getWarmupIterations().hasValue())
        {
            builder.warmupIterations(1);
        }
        if (!commandLine.getWarmupTime().hasValue())
        {
            builder.warmupTime(TimeValue.seconds(1));
        }
        if (!commandLine.getMeasurementIterations().hasValue())
        {
            builder.measurementIterations(1);
        }
        if (!commandLine.getMeasurementTime().hasValue())
        {
            builder.measurementTime(TimeValue.seconds(1));
        }
        if (!commandLine.shouldFailOnError().hasValue())
        {
            builder.shouldFailOnError(true);
        }

        return builder.build();
    }
}
