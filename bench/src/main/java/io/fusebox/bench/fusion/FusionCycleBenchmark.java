package io.fusebox.bench.fusion;

import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionEngine;
import io.fusebox.runtime.fusion.FusionOutput;
import io.fusebox.runtime.fusion.evaluation.InProcessSequencer;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One fusion cycle at nominal load: the whole rig's input for one world-model period (100 ms of
 * capture time: 128 LiDAR sectors, 36 camera frames, 18 radar scans, ~40 ultrasonic echoes, 10
 * vehicle states) through a {@link FusionEngine}, ending in one world model and one health report.
 *
 * <p>The scene is a simulated drive already 25 s in, so the tracker holds its steady population:
 * the parking garage (about 90 tracks of parked cars, pillars, people) or the urban intersection
 * (about 50). Each cycle's input is simulated and sequenced outside the measurement, in an
 * invocation-level setup (a cycle is milliseconds, so its overhead does not matter), then replayed
 * through the engine from memory. Run with {@code -prof gc} to see that the cycle allocates nothing.
 * <pre>
 * java -cp bench/target/classes:... org.openjdk.jmh.Main FusionCycleBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.nio=ALL-UNNAMED" })
public class FusionCycleBenchmark
{
    private static final long BASE_NS = 1_700_000_000_000_000_000L;
    private static final long WARM_UP_NS = 25_000_000_000L;
    private static final long CYCLE_NS = FusionContext.WORLD_MODEL_PERIOD_DEFAULT_NS;
    private static final int MAX_INPUTS = 1024;
    private static final int INPUT_BYTES = 16 * 1024 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Param({ "parking", "urban-intersection" })
    public String scenario;

    /** Tracker predicts only the tracks each batch concerns (the default) or every track every batch. */
    @Param({ "true" })
    public boolean lazyPrediction;

    private FusionEngine engine;
    private InProcessSequencer sequencer;
    private final UnsafeBuffer inputs = new UnsafeBuffer(ByteBuffer.allocateDirect(INPUT_BYTES));
    private final int[] offsets = new int[MAX_INPUTS];
    private final int[] lengths = new int[MAX_INPUTS];
    private int inputCount;
    private long nextCycleNs;
    private long tracks;
    private long cycles;
    private long allocatedBytes;
    private final Outputs outputs = new Outputs();

    @Setup(Level.Trial)
    public void startDrive()
    {
        final Rig rig = RigLoader.loadDefault();
        engine = new FusionEngine(new FusionContext().rig(rig).lazyPrediction(lazyPrediction), outputs);
        sequencer = new InProcessSequencer(rig, new RigSimulator(rig, ScenarioCatalog.byName(scenario), 1, BASE_NS));
        nextCycleNs = BASE_NS;
        while (nextCycleNs < BASE_NS + WARM_UP_NS)
        {
            prepareCycle();
            cycle();
        }
    }

    /**
     * Simulates and sequences the next period of input into memory.
     */
    @Setup(Level.Invocation)
    public void prepareCycle()
    {
        nextCycleNs += CYCLE_NS;
        inputCount = 0;
        int offset = 0;
        while (sequencer.nextCaptureTimeNs() < nextCycleNs && inputCount < MAX_INPUTS &&
            offset + RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH <= INPUT_BYTES)
        {
            final int length = sequencer.encodeNext(inputs, offset);
            offsets[inputCount] = offset;
            lengths[inputCount] = length;
            inputCount++;
            offset += (length + 63) & ~63;
        }
    }

    @Benchmark
    public long cycle()
    {
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < inputCount; i++)
        {
            engine.onInput(inputs, offsets[i], lengths[i]);
        }
        allocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        tracks += engine.tracker().trackCount();
        cycles++;
        return outputs.worldModels;
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        cycles = 0;
        tracks = 0;
        allocatedBytes = 0;
    }

    /**
     * Prints, per iteration, what the engine alone allocated over its cycles (JMH's {@code -prof gc}
     * also counts JMH's own per-invocation bookkeeping of the invocation-level setup).
     */
    @TearDown(Level.Iteration)
    public void report()
    {
        System.out.printf(" [%s: %d cycles, %.1f tracks on average, engine allocated %d bytes]",
            scenario, cycles, (double)tracks / Math.max(1, cycles), allocatedBytes);
    }

    static final class Outputs implements FusionOutput
    {
        long worldModels;
        long bytes;

        public void onWorldModel(final DirectBuffer buffer, final int offset, final int length)
        {
            worldModels++;
            bytes += length;
        }

        public void onSensorHealth(final DirectBuffer buffer, final int offset, final int length)
        {
            bytes += length;
        }
    }
}
