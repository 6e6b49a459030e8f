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
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One fusion cycle at nominal load: the whole rig's input for one world-model period (100 ms of
 * capture time: 128 LiDAR sectors, 36 camera frames, 18 radar scans, ~40 ultrasonic echoes, 10
 * vehicle states, about 4 MB) through a {@link FusionEngine}, ending in one world model and one
 * health report.
 *
 * <p>The scene is a simulated drive 25 s in, where the tracker holds its steady population: the
 * parking garage (about 100 tracks: parked cars, pillars, walls, people) or the urban intersection
 * (about 50). Each iteration takes a drive of its own, prepared to that point before anything is
 * measured, so every iteration measures the same stretch of the scene and nothing is built while
 * JMH counts bytes. Each cycle's input is simulated and sequenced outside the measurement, in an
 * invocation-level setup (a cycle is milliseconds, so its overhead does not matter), then replayed
 * through the engine from memory. Run with {@code -prof gc}: the engine's own allocation, measured
 * around the replay with the thread's allocation counter, is printed per iteration.
 * <pre>
 * java -cp bench/target/classes:... org.openjdk.jmh.Main FusionCycleBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
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

    private final UnsafeBuffer inputs = new UnsafeBuffer(ByteBuffer.allocateDirect(INPUT_BYTES));
    private final int[] offsets = new int[MAX_INPUTS];
    private final int[] lengths = new int[MAX_INPUTS];
    private int inputCount;
    private Drive[] drives;
    private int nextDrive;
    private Drive drive;
    private long cycles;
    private long tracks;
    private long allocatedBytes;

    /**
     * One drive of the scenario: an engine and the simulated rig feeding it.
     */
    final class Drive
    {
        final Outputs outputs = new Outputs();
        final FusionEngine engine;
        final InProcessSequencer sequencer;
        long nextCycleNs = BASE_NS;

        Drive(final Rig rig)
        {
            engine = new FusionEngine(new FusionContext().rig(rig).lazyPrediction(lazyPrediction), outputs);
            sequencer = new InProcessSequencer(rig, new RigSimulator(rig, ScenarioCatalog.byName(scenario), 1, BASE_NS));
        }
    }

    @Setup(Level.Trial)
    public void startDrives(final BenchmarkParams params)
    {
        final Rig rig = RigLoader.loadDefault();
        drives = new Drive[params.getWarmup().getCount() + params.getMeasurement().getCount()];
        for (int i = 0; i < drives.length; i++)
        {
            drive = new Drive(rig);
            while (drive.nextCycleNs < BASE_NS + WARM_UP_NS)
            {
                prepareCycle();
                cycle();
            }
            drives[i] = drive;
        }
    }

    @Setup(Level.Iteration)
    public void takeDrive()
    {
        drive = drives[Math.min(nextDrive++, drives.length - 1)];
        cycles = 0;
        tracks = 0;
        allocatedBytes = 0;
    }

    /**
     * Simulates and sequences the drive's next period of input into memory.
     */
    @Setup(Level.Invocation)
    public void prepareCycle()
    {
        drive.nextCycleNs += CYCLE_NS;
        inputCount = 0;
        int offset = 0;
        while (drive.sequencer.nextCaptureTimeNs() < drive.nextCycleNs && inputCount < MAX_INPUTS &&
            offset + RigLoader.MAX_SENSOR_MESSAGE_BYTES + BusContext.FUSION_INPUT_ENVELOPE_LENGTH <= INPUT_BYTES)
        {
            final int length = drive.sequencer.encodeNext(inputs, offset);
            offsets[inputCount] = offset;
            lengths[inputCount] = length;
            inputCount++;
            offset += (length + 63) & ~63;
        }
    }

    @Benchmark
    public long cycle()
    {
        final FusionEngine engine = drive.engine;
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < inputCount; i++)
        {
            engine.onInput(inputs, offsets[i], lengths[i]);
        }
        allocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        tracks += engine.tracker().trackCount();
        cycles++;
        return drive.outputs.worldModels;
    }

    /**
     * Control: the same input prepared the same way, not fused. Its time and bytes per operation are
     * what JMH's invocation-level setup costs around {@link #cycle()}.
     */
    @Benchmark
    public int control()
    {
        return inputCount;
    }

    /**
     * Prints what the engine alone allocated over the iteration's cycles: {@code -prof gc} also
     * counts JMH's own bookkeeping of the invocation-level setup.
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
