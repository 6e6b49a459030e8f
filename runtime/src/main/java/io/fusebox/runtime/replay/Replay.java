package io.fusebox.runtime.replay;

import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogReader;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.replay.verify.OutputComparator;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigConfigException;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A replay of a drive log, on a bus of its own: the recorded rig's bus comes up (embedded driver by
 * default), the {@link ReplayPipeline}'s agents subscribe, the recorded fusion input is published on the
 * fusion-input stream, and a monitor counts it back (and, verifying, compares the outputs).
 *
 * <p>The publisher runs on a thread of its own with a short back-off (at most {@value #MAX_PARK_US} µs
 * parked), so a message is sent within a fraction of a millisecond of its due time; the pipeline and the
 * monitor run on threads as the profile says.
 */
public final class Replay
{
    /** Longest the publisher's thread parks when idle: bounds how late a message can be sent. */
    public static final long MAX_PARK_US = 50;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** How often the end of a replay is checked for: bounds the error in its wall time. */
    private static final long DRAIN_POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private Replay()
    {
    }

    /**
     * @param context     concluded here if it is not already.
     * @param out         where progress lines go.
     * @param keepRunning polled while replaying; false stops early (Ctrl-C).
     */
    public static ReplayReport run(final ReplayContext context, final PrintWriter out, final BooleanSupplier keepRunning)
    {
        if (!context.isConcluded())
        {
            context.conclude();
        }
        final NanoClock clock = SystemNanoClock.INSTANCE;
        try (DriveLogReader reader = DriveLogReader.open(context.drive()))
        {
            final DriveLogHeader header = reader.header();
            final Rig rig = recordedRig(header, out);
            context.faults().validate(rig);
            final long driveStartNs = reader.firstMessageTimeNs(RecordedStream.FUSION_INPUT);
            final long startLogNs = Long.MIN_VALUE == driveStartNs ? Long.MIN_VALUE : driveStartNs + context.fromNs();
            final long endLogNs = Long.MAX_VALUE == context.toNs() || Long.MIN_VALUE == driveStartNs ?
                Long.MAX_VALUE : driveStartNs + context.toNs();
            reader.seek(startLogNs);

            final BusContext busContext = new BusContext().rig(rig).profile(context.profile())
                .embeddedDriver(context.embeddedDriver());
            if (null != context.aeronDirectoryName())
            {
                busContext.aeronDirectoryName(context.aeronDirectoryName());
            }

            try (Bus bus = Bus.launch(busContext);
                OutputComparator comparator = context.verify() ? new OutputComparator(context.drive(), driveStartNs) : null)
            {
                final List<Agent> agents = new ArrayList<>(context.pipeline().newAgents(bus, header));
                final List<String> pipelineNames = new ArrayList<>();
                for (final Agent agent : agents)
                {
                    pipelineNames.add(agent.roleName());
                }
                final ReplayMonitor monitor = new ReplayMonitor(bus, clock, comparator);
                agents.add(monitor);
                final ReplayPublisher publisher = new ReplayPublisher(reader, bus.fusionInputPublication(), clock,
                    bus.errorHandler(), rig, context.rate(), startLogNs, endLogNs, context.loop(), context.only(),
                    context.faults());

                AgentThreads pipelineThreads = null;
                AgentRunner publisherRunner = null;
                boolean interrupted = false;
                try
                {
                    pipelineThreads = AgentThreads.startPipeline(bus, agents.toArray(new Agent[0]));
                    awaitConnected(bus, monitor, clock);
                    out.printf(Locale.ROOT, "replaying %s (%s, seed %d, recorded by fusebox %s) at rate %s%s%s%s%n",
                        context.drive(), header.scenario(), header.seed(), header.softwareVersion(),
                        ReplayReport.rateName(context.rate()),
                        context.fromNs() > 0 || context.toNs() != Long.MAX_VALUE ? String.format(Locale.ROOT,
                        " from %.3f s to %s", context.fromNs() / 1e9, context.toNs() == Long.MAX_VALUE ? "the end" :
                        String.format(Locale.ROOT, "%.3f s", context.toNs() / 1e9)) : "",
                        (null == context.only() ? "" : ", only " + context.only()) +
                        (context.faults().isEmpty() ? "" : ", faults: " + context.faults()),
                        context.verify() ? ", verifying outputs" : "");
                    out.flush();

                    publisherRunner = new AgentRunner(
                        new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MICROSECONDS.toNanos(MAX_PARK_US)),
                        bus.errorHandler(), bus.errorCounter(), publisher);
                    AgentRunner.startOnThread(publisherRunner);

                    interrupted = awaitPublished(publisher, keepRunning);
                    CloseHelper.close(publisherRunner);
                    publisherRunner = null;
                    awaitReceived(publisher, monitor, clock);
                    final long wallEndNs = Math.max(clock.nanoTime(), publisher.lastPublishNs());
                    if (!pipelineNames.isEmpty() || null != comparator)
                    {
                        awaitQuiet(monitor, clock, context.settleNs(), keepRunning);
                    }
                    CloseHelper.close(pipelineThreads);
                    pipelineThreads = null;

                    ReplayReport.Verification verification = null;
                    if (null != comparator)
                    {
                        comparator.finish();
                        verification = new ReplayReport.Verification(
                            comparator.recorded(RecordedStream.WORLD_MODEL),
                            comparator.produced(RecordedStream.WORLD_MODEL),
                            comparator.compared(RecordedStream.WORLD_MODEL),
                            comparator.recorded(RecordedStream.TRAJECTORY),
                            comparator.produced(RecordedStream.TRAJECTORY),
                            comparator.compared(RecordedStream.TRAJECTORY),
                            comparator.watchdogStops(),
                            comparator.divergences(),
                            comparator.firstDivergence(),
                            comparator.isVerified());
                    }
                    final long published = publisher.published();
                    final double wallS = published > 0 ? (wallEndNs - publisher.firstPublishNs()) / 1e9 : 0;
                    return new ReplayReport(
                        context.drive(),
                        context.rate(),
                        published,
                        monitor.received(),
                        publisher.publishedBytes(),
                        wallS,
                        publisher.driveNs() / 1e9,
                        publisher.passes(),
                        publisher.filtered(),
                        publisher.backPressured(),
                        context.isMaxRate() ? null : publisher.timingErrorNs(),
                        reader.tail(),
                        reader.malformedEntries(),
                        context.verify(),
                        verification,
                        List.copyOf(pipelineNames),
                        interrupted,
                        context.faults().isEmpty() ? null : new ReplayReport.FaultFigures(
                        context.faults().toString(), publisher.faultDropped(), publisher.faultDelayed()));
                }
                finally
                {
                    CloseHelper.closeAll(publisherRunner, pipelineThreads);
                }
            }
        }
    }

    private static Rig recordedRig(final DriveLogHeader header, final PrintWriter out)
    {
        try
        {
            return header.rig();
        }
        catch (final RigConfigException ex)
        {
            out.println("warning: the recorded rig no longer parses (" + ex.getMessage() + "); using the built-in rig");
            return RigLoader.loadDefault();
        }
    }

    private static void awaitConnected(final Bus bus, final ReplayMonitor monitor, final NanoClock clock)
        throws IllegalStateException
    {
        final long deadlineNs = clock.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!bus.fusionInputPublication().isConnected() || !monitor.isConnected())
        {
            if (clock.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("replay: the fusion-input stream did not connect within 10 s");
            }
            sleepMillis(1);
        }
    }

    private static boolean awaitPublished(final ReplayPublisher publisher, final BooleanSupplier keepRunning)
    {
        while (!publisher.isDone())
        {
            if (!keepRunning.getAsBoolean())
            {
                return true;
            }
            sleepMillis(2);
        }
        return false;
    }

    private static void awaitReceived(final ReplayPublisher publisher, final ReplayMonitor monitor, final NanoClock clock)
    {
        final long deadlineNs = clock.nanoTime() + ReplayContext.DRAIN_TIMEOUT_NS;
        while (monitor.received() < publisher.published() && clock.nanoTime() < deadlineNs)
        {
            LockSupport.parkNanos(DRAIN_POLL_NS);
        }
    }

    private static void awaitQuiet(
        final ReplayMonitor monitor, final NanoClock clock, final long settleNs, final BooleanSupplier keepRunning)
    {
        while (keepRunning.getAsBoolean() && clock.nanoTime() - monitor.lastActivityNs() < settleNs)
        {
            sleepMillis(5);
        }
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", ex);
        }
    }
}
