package io.fusebox.runtime.drive;

import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.BusCounters;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.control.ControlPlane;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionCounters;
import io.fusebox.runtime.fusion.evaluation.GroundTruthScore;
import io.fusebox.runtime.fusion.evaluation.ScenarioEvaluation;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.rig.SensorSelection;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.message.SensorMessageSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.Scenario;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.CountersReader;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A simulated drive, live on the bus: the scenario world's sensors publish on their own streams in
 * real time, the Sequencer orders them into the fusion input, and a monitor checks what crosses that
 * boundary. Prints figures once per report interval and returns a {@link DriveReport}.
 *
 * <p>The simulated rig runs on a thread of its own: it stands for the sensors, which are separate
 * devices on a vehicle, so its cost must not land on the pipeline's thread.
 */
public final class Drive
{
    private static final SensorKind[] KINDS =
        { SensorKind.CAMERA, SensorKind.RADAR, SensorKind.LIDAR, SensorKind.ULTRASONIC, SensorKind.VEHICLE_STATE };

    private Drive()
    {
    }

    /**
     * @param context     concluded here if it is not already.
     * @param out         where the per-interval lines go.
     * @param keepRunning polled between reports; false ends the drive early (Ctrl-C).
     */
    public static DriveReport run(final DriveContext context, final PrintWriter out, final BooleanSupplier keepRunning)
    {
        context.conclude();
        final Rig rig = context.rig();
        final Scenario scenario = ScenarioCatalog.byName(context.scenario());
        final EpochNanoClock clock = new OffsetEpochNanoClock();
        final CaptureLatency latency = new CaptureLatency();
        final BusContext busContext = new BusContext()
            .rig(rig)
            .profile(context.profile())
            .embeddedDriver(context.embeddedDriver())
            .sensorPublicationMask(context.sensorPublicationMask());
        if (null != context.aeronDirectoryName())
        {
            busContext.aeronDirectoryName(context.aeronDirectoryName());
        }

        final long wallStartNs = System.nanoTime();
        try (Bus bus = Bus.launch(busContext))
        {
            final Sequencer sequencer = new Sequencer(bus, clock, latency);
            final FusionAgent fusion =
                new FusionAgent(bus, new FusionContext().rig(rig).sensorRateScale(context.load()));

            final DriveRecording recording =
                new DriveRecording(bus, context, scenario.name(), clock, sequencer::nextGlobalSequence, out);
            AgentThreads pipelineThreads = null;
            AgentThreads sensorThreads = null;
            AgentThreads probeThreads = null;
            ClosedLoopStage closedLoop = null;
            ControlPlane controlPlane = null;
            try
            {
                if (null != context.recordRoot())
                {
                    // Started before the sensors so the log holds the drive from its first message.
                    recording.startRecording();
                    out.println(recording.describe());
                }
                if (null != context.controlPlane())
                {
                    controlPlane = ControlPlane.launch(bus, context.controlPlane()
                        .recordingControl(recording).clock(clock).configuration(context.describe())
                        .snapshotTrigger(null == context.snapshot() ? null : context.snapshot().trigger()));
                    out.printf("dashboard %s%s%n", controlPlane.dashboardUrl(), controlPlane.context().isTokenGenerated() ?
                        "  (token for recording controls: " + controlPlane.authToken() + ")" : "");
                }

                // The sensors' clock starts only now that everything is built: setting up (a drive log, class
                // loading) must not make the first messages late.
                final long startNs = clock.nanoTime() + context.startDelayNs();
                final long endNs = startNs + context.durationNs();
                final FusionInputMonitor monitor = new FusionInputMonitor(bus, startNs, endNs);
                final RigSimulator simulator = new RigSimulator(rig, scenario, context.seed(), startNs);
                closedLoop = new ClosedLoopStage(bus, rig, scenario, simulator, fusion, clock, startNs,
                    startNs + ScenarioEvaluation.DEFAULT_WARM_UP_NS);
                // On a board that publishes only some of the rig's sensors, the others come from elsewhere.
                final SensorMessageSource source =
                    new SensorSelection(closedLoop.source(), context.sensorPublicationMask());
                final DriveWindow window = new DriveWindow(
                    1.0 == context.load() ? source : new LoadScaledSource(source, startNs, context.load()), endNs);
                final RigPublisher publisher = new RigPublisher(bus, window, clock);

                // The sequencer, fusion, the planner and the scorer as one group: on a laptop one thread, so the input
                // that completes a tick goes sequencer -> fusion -> planner in one duty cycle, without a thread waking
                // on the way (on two cores each wake-up may wait out another thread's scheduler slice); on a board a
                // thread each. A LiDAR sweep's clustering then delays the sequencer's next poll, which shows in the
                // sequencer stage's tail, not end to end: nothing downstream could use those inputs sooner.
                final Agent[] probes = null == context.stageProbes() ?
                    new Agent[0] : context.stageProbes().create(bus, clock, startNs);
                final boolean isProbeOnPipeline = Profile.LAPTOP == context.profile() && probes.length > 0;
                final List<Agent> pipeline = new ArrayList<>(List.of(sequencer, monitor));
                pipeline.addAll(isProbeOnPipeline ?
                    closedLoop.agents(List.of(probes[0]), List.of(probes).subList(1, probes.length)) :
                    closedLoop.agents(List.of(), List.of()));
                pipelineThreads = AgentThreads.startPipeline(bus, pipeline.toArray(new Agent[0]));
                if (!isProbeOnPipeline && probes.length > 0)
                {
                    // Probes share their state: one thread of their own, whatever the profile.
                    probeThreads = AgentThreads.start(bus, 1 == probes.length ? probes[0] : new CompositeAgent(probes));
                }
                // The sensors publish on a schedule: their thread sleeps until the next message is due.
                sensorThreads = AgentThreads.start(
                    bus, context.profile().newDueTimeIdleStrategy(clock, publisher::nextDueNs), publisher);
                out.printf(Locale.ROOT, "driving %s (%s) for %.1f s: %d sensors on %s, seed %d, profile %s, " +
                    "threads %s%s + %s; closed loop: the ego follows the planner's trajectories%n",
                    scenario.name(), scenario.description(), context.durationNs() / 1e9,
                    rig.sensorCount(), rig.bus().sensorChannel(), context.seed(),
                    context.profile().name().toLowerCase(Locale.ROOT), pipelineThreads.threadRoleNames(),
                    bus.context().pipelineCpu().isEmpty() ? "" : " on CPU " + bus.context().pipelineCpu(),
                    sensorThreads.threadRoleNames());

                final IntervalPrinter printer = new IntervalPrinter(
                    bus, latency, context.intervalLines() ? out : null, startNs + context.warmupNs(), closedLoop);
                long nextReportNs = startNs + context.reportIntervalNs();
                boolean interrupted = false;
                while (clock.nanoTime() < endNs)
                {
                    if (!keepRunning.getAsBoolean())
                    {
                        interrupted = true;
                        break;
                    }
                    final long waitNs = Math.min(nextReportNs, endNs) - clock.nanoTime();
                    if (waitNs > 0)
                    {
                        TimeUnit.NANOSECONDS.sleep(Math.min(waitNs, TimeUnit.MILLISECONDS.toNanos(100)));
                    }
                    if (clock.nanoTime() >= nextReportNs)
                    {
                        printer.print(nextReportNs, (nextReportNs - startNs) / 1e9, context.reportIntervalNs() / 1e9);
                        nextReportNs += context.reportIntervalNs();
                    }
                }
                final long stopNs = interrupted ? Math.min(clock.nanoTime(), endNs) : endNs;
                // The sensors stop first; what they already published still drains into the report.
                window.endAt(stopNs);
                awaitDrained(publisher, sequencer, monitor);
                // Planning stops once fusion's last world model is planned on, before the planner's watchdog could
                // take the sensors' end for missing world models (its stops are wall-clock driven; replay has none).
                awaitFused(printer);
                // Fusion's counters go with it when the closed loop stops it.
                final long worldModels = printer.worldModels();
                final long tracks = printer.tracks();
                final long lateInputs = printer.lateInputs();
                // The sequencer's counters go with it too: read before the pipeline stops.
                final DriveReport.SensorFigures[] sensorFigures = sensorFigures(context, rig, bus, monitor, startNs, stopNs);
                pipelineThreads.close();
                final DriveReport.ClosedLoopFigures figures = closedLoop.finish(worldModels);
                printer.takeRemaining(stopNs);
                recording.awaitRecorded(out);

                out.printf(Locale.ROOT, "fusion: %d world models, %d tracks at the end, %d late inputs dropped%n",
                    worldModels, tracks, lateInputs);
                printClosedLoop(out, figures);
                return report(context, scenario, rig, bus, monitor, printer, sensorFigures, startNs, stopNs,
                    (System.nanoTime() - wallStartNs) / 1e9, interrupted, figures);
            }
            finally
            {
                // The recording closes last: its disk agent drains what it holds and writes the end marker.
                CloseHelper.closeAll(
                    controlPlane, probeThreads, sensorThreads, closedLoop, pipelineThreads, recording);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drive interrupted", ex);
        }
    }

    private static void awaitDrained(
        final RigPublisher publisher,
        final Sequencer sequencer,
        final FusionInputMonitor monitor) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + DriveContext.DRAIN_TIMEOUT_NS;
        while (System.nanoTime() < deadlineNs)
        {
            final boolean sent = publisher.isDone() && 0 == publisher.pendingCount();
            if (sent && monitor.received() == sequencer.nextGlobalSequence())
            {
                // One more look after a pause: anything still in flight on the sensor streams shows up.
                final long seen = monitor.received();
                TimeUnit.MILLISECONDS.sleep(20);
                if (seen == monitor.received() && seen == sequencer.nextGlobalSequence())
                {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * Waits until fusion has published its last world model (its count holds still for a while), so the planner
     * and the scorer have seen what there is to see.
     */
    private static void awaitFused(final IntervalPrinter printer) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + DriveContext.DRAIN_TIMEOUT_NS;
        long seen = -1;
        while (seen != printer.worldModels() && System.nanoTime() < deadlineNs)
        {
            seen = printer.worldModels();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static void printClosedLoop(final PrintWriter out, final DriveReport.ClosedLoopFigures figures)
    {
        final GroundTruthScore score = figures.score();
        out.printf(Locale.ROOT, "fusion against ground truth: MOTA %.3f, position RMSE %.3f m, velocity RMSE %.3f m/s " +
            "(%d world models scored, %d without ground truth); cycle p50 %s p99 %s%n",
            score.mota(), score.positionRmseM(), score.velocityRmseMps(), figures.scored(), figures.unscored(),
            DriveReport.micros(figures.fusionCyclesNs().getValueAtPercentile(50)),
            DriveReport.micros(figures.fusionCyclesNs().getValueAtPercentile(99)));
        out.printf(Locale.ROOT, "planner: %d trajectories, last %s, cycle p50 %s p99 %s; the ego took %d, refused %d%n",
            figures.trajectories(), figures.lastManeuver(),
            DriveReport.micros(figures.plannerCyclesNs().getValueAtPercentile(50)),
            DriveReport.micros(figures.plannerCyclesNs().getValueAtPercentile(99)),
            figures.followerAccepted(), figures.followerRefused());
    }

    private static DriveReport.SensorFigures[] sensorFigures(
        final DriveContext context,
        final Rig rig,
        final Bus bus,
        final FusionInputMonitor monitor,
        final long startNs,
        final long stopNs)
    {
        final double durationS = (stopNs - startNs) / 1e9;
        final CountersReader counters = bus.countersReader();
        final DriveReport.SensorFigures[] figures = new DriveReport.SensorFigures[rig.sensorCount()];
        for (int i = 0; i < rig.sensorCount(); i++)
        {
            final SensorConfig sensor = rig.sensor(i);
            final long published = BusCounters.value(counters, BusCounters.PUBLISHER_MESSAGES_TYPE_ID, sensor.id());
            final long forwarded = BusCounters.value(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, sensor.id());
            figures[i] = new DriveReport.SensorFigures(
                sensor,
                monitor.messages(i),
                monitor.bytes(i),
                monitor.messages(i) / durationS,
                published,
                BusCounters.value(counters, BusCounters.SEQUENCER_GAPS_TYPE_ID, sensor.id()),
                BusCounters.value(counters, BusCounters.SEQUENCER_DUPLICATES_TYPE_ID, sensor.id()),
                BusCounters.value(counters, BusCounters.SEQUENCER_OUT_OF_ORDER_TYPE_ID, sensor.id()),
                BusCounters.value(counters, BusCounters.SEQUENCER_MALFORMED_TYPE_ID, sensor.id()),
                // A sensor another board publishes (a rig across boards) is counted there, not here.
                0 != (context.sensorPublicationMask() & (1L << i)) ? published - forwarded : 0,
                BusCounters.value(counters, BusCounters.PUBLISHER_BACK_PRESSURE_TYPE_ID, sensor.id()));
        }
        return figures;
    }

    private static DriveReport report(
        final DriveContext context,
        final Scenario scenario,
        final Rig rig,
        final Bus bus,
        final FusionInputMonitor monitor,
        final IntervalPrinter printer,
        final DriveReport.SensorFigures[] figures,
        final long startNs,
        final long stopNs,
        final double wallS,
        final boolean interrupted,
        final DriveReport.ClosedLoopFigures closedLoop)
    {
        final double durationS = (stopNs - startNs) / 1e9;
        final long received = monitor.received();
        return new DriveReport(
            scenario.name(),
            context.seed(),
            context.profile().name().toLowerCase(Locale.ROOT),
            durationS,
            wallS,
            rig,
            figures,
            printer.total(),
            printer.steady(),
            Math.min(context.warmupNs(), stopNs - startNs) / 1e9,
            printer.totalByKind(),
            received,
            monitor.sequenceGaps(),
            monitor.unreadable(),
            bus.errorCounter().get(),
            interrupted,
            closedLoop);
    }

    /**
     * Once per interval: message and byte rates per sensor kind from the sequencer's counters, and the
     * interval's capture-to-sequencer latency. Keeps the whole drive's histograms for the report. Without a
     * writer it only gathers the figures, allocating nothing.
     */
    private static final class IntervalPrinter
    {
        private final Rig rig;
        private final CountersReader counters;
        private final CaptureLatency latency;
        private final PrintWriter out;
        private final int worldModelsCounterId;
        private final int tracksCounterId;
        private final int lateCounterId;
        private long lastWorldModels;
        private final int[] messageCounterIds;
        private final int[] byteCounterIds;
        private final long[] lastMessages;
        private final long[] lastBytes;
        private final Histogram interval = DriveReport.newHistogram();
        private final Histogram total = DriveReport.newHistogram();
        private final Histogram steady = DriveReport.newHistogram();
        private final long steadyFromNs;
        private final ClosedLoopStage closedLoop;
        private final Histogram[] totalByKind = new Histogram[SensorKind.values().length];
        private final Histogram[] recycled = new Histogram[SensorKind.values().length];

        IntervalPrinter(
            final Bus bus,
            final CaptureLatency latency,
            final PrintWriter out,
            final long steadyFromNs,
            final ClosedLoopStage closedLoop)
        {
            this.closedLoop = closedLoop;
            this.steadyFromNs = steadyFromNs;
            this.rig = bus.rig();
            this.counters = bus.countersReader();
            this.latency = latency;
            this.out = out;
            messageCounterIds = new int[rig.sensorCount()];
            byteCounterIds = new int[rig.sensorCount()];
            lastMessages = new long[rig.sensorCount()];
            lastBytes = new long[rig.sensorCount()];
            for (int i = 0; i < rig.sensorCount(); i++)
            {
                final int id = rig.sensor(i).id();
                messageCounterIds[i] = BusCounters.findCounterId(counters, BusCounters.SEQUENCER_MESSAGES_TYPE_ID, id);
                byteCounterIds[i] = BusCounters.findCounterId(counters, BusCounters.SEQUENCER_BYTES_TYPE_ID, id);
            }
            for (final SensorKind kind : KINDS)
            {
                totalByKind[kind.ordinal()] = DriveReport.newHistogram();
            }
            final int worldModelStreamId = rig.bus().worldModelStreamId();
            worldModelsCounterId = BusCounters.findCounterId(counters, FusionCounters.WORLD_MODELS_TYPE_ID, worldModelStreamId);
            tracksCounterId = BusCounters.findCounterId(counters, FusionCounters.TRACKS_TYPE_ID, worldModelStreamId);
            lateCounterId = BusCounters.findCounterId(counters, FusionCounters.LATE_TYPE_ID, worldModelStreamId);
        }

        long worldModels()
        {
            return counters.getCounterValue(worldModelsCounterId);
        }

        long tracks()
        {
            return counters.getCounterValue(tracksCounterId);
        }

        long lateInputs()
        {
            return counters.getCounterValue(lateCounterId);
        }

        void print(final long atNs, final double atS, final double intervalS)
        {
            if (null == out)
            {
                takeRemaining(atNs);
                closedLoop.takeInterval();
                return;
            }
            final long[] messagesByKind = new long[SensorKind.values().length];
            long bytes = 0;
            for (int i = 0; i < rig.sensorCount(); i++)
            {
                final long messages = counters.getCounterValue(messageCounterIds[i]);
                final long sensorBytes = counters.getCounterValue(byteCounterIds[i]);
                messagesByKind[rig.sensor(i).kind().ordinal()] += messages - lastMessages[i];
                bytes += sensorBytes - lastBytes[i];
                lastMessages[i] = messages;
                lastBytes[i] = sensorBytes;
            }
            takeRemaining(atNs);

            final StringBuilder line = new StringBuilder(200);
            line.append(String.format(Locale.ROOT, "[%5.1fs] msg/s", atS));
            for (final SensorKind kind : KINDS)
            {
                line.append(String.format(Locale.ROOT, " %s %.0f", shortName(kind),
                    messagesByKind[kind.ordinal()] / intervalS));
            }
            line.append(String.format(Locale.ROOT, " | %.1f MB/s | latency p50 %s p99 %s p99.9 %s max %s",
                bytes / intervalS / 1e6,
                DriveReport.micros(interval.getValueAtPercentile(50)),
                DriveReport.micros(interval.getValueAtPercentile(99)),
                DriveReport.micros(interval.getValueAtPercentile(99.9)),
                DriveReport.micros(interval.getMaxValue())));
            final long worldModels = counters.getCounterValue(worldModelsCounterId);
            line.append(String.format(Locale.ROOT, " | fusion %.0f world models/s, %d tracks",
                (worldModels - lastWorldModels) / intervalS, tracks()));
            lastWorldModels = worldModels;
            closedLoop.appendInterval(line);
            out.println(line);
            out.flush();
        }

        /**
         * Moves what the sequencer recorded since the last call into the interval and the totals; an interval
         * that ends after warm-up counts as steady.
         */
        void takeRemaining(final long intervalEndNs)
        {
            interval.reset();
            for (final SensorKind kind : KINDS)
            {
                final Histogram taken = latency.intervalHistogram(kind, recycled[kind.ordinal()]);
                recycled[kind.ordinal()] = taken;
                interval.add(taken);
                totalByKind[kind.ordinal()].add(taken);
                total.add(taken);
                if (intervalEndNs > steadyFromNs)
                {
                    steady.add(taken);
                }
            }
        }

        Histogram steady()
        {
            return steady;
        }

        Histogram total()
        {
            return total;
        }

        Histogram[] totalByKind()
        {
            return totalByKind;
        }

        private static String shortName(final SensorKind kind)
        {
            return SensorKind.VEHICLE_STATE == kind ? "vehicle" : kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
