package io.fusebox.runtime.fusion.evaluation;

import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionEngine;
import io.fusebox.runtime.fusion.FusionOutput;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Runs a simulated scenario through fusion in process and scores every world model against the
 * simulator's ground truth at the world model's own time: a {@link RigSimulator} feeds an
 * {@link InProcessSequencer} feeds a {@link FusionEngine}; a second simulator built the same way (so
 * it produces the same world, bit for bit) is advanced to each world model's time, which is always
 * the capture time of a message, and its ground truth goes to a {@link GroundTruthScorer}.
 *
 * <p>The first {@link #DEFAULT_WARM_UP_NS} of message time are not scored: tracks need a few
 * detections to be confirmed. {@code main} prints the table for every scenario of the catalogue.
 */
public final class ScenarioEvaluation
{
    /** Sensor clock at drive start, an ordinary epoch time. */
    public static final long CLOCK_BASE_NS = 1_700_000_000_000_000_000L;
    public static final long DEFAULT_WARM_UP_NS = 2_000_000_000L;
    /** Ground-plane centre distance of a match, m. */
    public static final double MATCH_DISTANCE_M = 2.0;
    /** Actors farther from the ego than this are not counted, m. */
    public static final double RANGE_M = 60.0;
    /** An actor counts when at least this share of its outline is in the roof LiDAR's sight. */
    public static final double MIN_VISIBLE_FRACTION = 0.1;

    private ScenarioEvaluation()
    {
    }

    /**
     * Result of one scenario run.
     *
     * @param scenario   name.
     * @param seconds    message time driven.
     * @param wallS      seconds of wall time the run took (simulating, fusing and scoring).
     * @param score      against ground truth.
     * @param worldModels produced.
     * @param meanCycleUs wall time of fusion per world-model period, mean, µs.
     */
    public record Run(String scenario, double seconds, double wallS, GroundTruthScore score, long worldModels,
        double meanCycleUs)
    {
    }

    /**
     * Drives one scenario through fusion and scores it.
     *
     * @param rig      the sensors.
     * @param scenario a name from {@link ScenarioCatalog}.
     * @param seed     of the simulator's noise.
     * @param seconds  of message time to drive.
     * @param context  fusion configuration; its rig is set to {@code rig} when unset.
     */
    public static Run run(final Rig rig, final String scenario, final long seed, final double seconds,
        final FusionContext context)
    {
        if (null == context.rig())
        {
            context.rig(rig);
        }
        final RigSimulator simulator = new RigSimulator(rig, ScenarioCatalog.byName(scenario), seed, CLOCK_BASE_NS);
        final RigSimulator truthSimulator = new RigSimulator(rig, ScenarioCatalog.byName(scenario), seed, CLOCK_BASE_NS);
        final InProcessSequencer sequencer = new InProcessSequencer(rig, simulator);
        final UnsafeBuffer input = new UnsafeBuffer(
            ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH));
        final UnsafeBuffer truthScratch = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES));
        final GroundTruthScorer scorer = newScorer(rig);
        final long scoreFromNs = CLOCK_BASE_NS + DEFAULT_WARM_UP_NS;

        final FusionOutput output = new FusionOutput()
        {
            private final MessageHeaderDecoder header = new MessageHeaderDecoder();
            private final WorldModelDecoder worldModel = new WorldModelDecoder();

            public void onWorldModel(final DirectBuffer buffer, final int offset, final int length)
            {
                header.wrap(buffer, offset);
                worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                final long timeNs = worldModel.timeNs();
                while (truthSimulator.nextCaptureTimeNs() <= timeNs)
                {
                    truthSimulator.encodeNext(truthScratch, 0);
                }
                if (timeNs >= scoreFromNs)
                {
                    scorer.score(buffer, offset, truthSimulator.world().groundTruth());
                }
            }

            public void onSensorHealth(final DirectBuffer buffer, final int offset, final int length)
            {
            }
        };
        final FusionEngine engine = new FusionEngine(context, output);

        final long endNs = CLOCK_BASE_NS + (long)(seconds * 1e9);
        final long startWall = System.nanoTime();
        long fusionNs = 0;
        while (sequencer.nextCaptureTimeNs() < endNs)
        {
            final int length = sequencer.encodeNext(input, 0);
            final long before = System.nanoTime();
            engine.onInput(input, 0, length);
            fusionNs += System.nanoTime() - before;
        }
        final double wallS = (System.nanoTime() - startWall) / 1e9;
        final long worldModels = engine.worldModels();
        return new Run(scenario, seconds, wallS, scorer.result(), worldModels,
            0 == worldModels ? Double.NaN : fusionNs / 1e3 / worldModels);
    }

    /**
     * @return a scorer with this evaluation's rules, its viewpoint the rig's (first) LiDAR.
     */
    public static GroundTruthScorer newScorer(final Rig rig)
    {
        final SensorConfig lidar = firstLidar(rig);
        return new GroundTruthScorer(MATCH_DISTANCE_M, RANGE_M, MIN_VISIBLE_FRACTION,
            null == lidar ? 0.0 : lidar.mount().x(), null == lidar ? 0.0 : lidar.mount().y());
    }

    private static SensorConfig firstLidar(final Rig rig)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.kind() == SensorKind.LIDAR)
            {
                return sensor;
            }
        }
        return null;
    }

    /**
     * Prints the table header for {@link #print}.
     */
    public static void printHeader(final PrintStream out)
    {
        out.printf(Locale.ROOT, "%-22s %6s %7s %9s %9s %7s %6s %6s %5s %8s %9s %9s%n",
            "scenario", "s", "MOTA", "posRMSE_m", "velRMSE", "GT", "FP", "FN", "IDS", "ignored", "cycle_us", "wall_s");
    }

    public static void print(final PrintStream out, final Run run)
    {
        final GroundTruthScore s = run.score();
        out.printf(Locale.ROOT, "%-22s %6.1f %7.4f %9.3f %9.3f %7d %6d %6d %5d %8d %9.0f %9.1f%n",
            run.scenario(), run.seconds(), s.mota(), s.positionRmseM(), s.velocityRmseMps(), s.groundTruth(),
            s.falsePositives(), s.falseNegatives(), s.idSwitches(), s.ignored(), run.meanCycleUs(), run.wallS());
    }

    /**
     * Prints the score of every scenario (or those named in the arguments) over 30 s of message time.
     * {@code -Dfusebox.evaluation.seconds=N} changes the duration, {@code -Dfusebox.evaluation.seed=N} the seed.
     */
    public static void main(final String[] args)
    {
        final Rig rig = RigLoader.loadDefault();
        final double seconds = Double.parseDouble(System.getProperty("fusebox.evaluation.seconds", "30"));
        final long seed = Long.getLong("fusebox.evaluation.seed", 1);
        final Iterable<String> names = args.length > 0 ? java.util.List.of(args) : ScenarioCatalog.names();
        printHeader(System.out);
        for (final String name : names)
        {
            print(System.out, run(rig, name, seed, seconds, new FusionContext()));
        }
    }
}
