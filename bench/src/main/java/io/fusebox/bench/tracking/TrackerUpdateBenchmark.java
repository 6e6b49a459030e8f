package io.fusebox.bench.tracking;

import io.fusebox.runtime.fusion.kitti.KittiClass;
import io.fusebox.runtime.fusion.kitti.KittiTrackingContext;
import io.fusebox.runtime.fusion.tracking.MeasurementBatch;
import io.fusebox.runtime.fusion.tracking.Tracker;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One tracker update: a LiDAR-like scan of {@code objects} cars (position, yaw, size) predicted, gated, associated
 * (assignment solver), filtered (IMM) and managed, with the tracker configured as the KITTI car tracker. The cars
 * drive at constant velocities in six lanes, 100 ms between scans; the position noise comes from a table drawn at
 * set-up, so every scan is different and nothing is drawn per call. All tracks are confirmed before measuring.
 * Run with {@code -prof gc}: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class TrackerUpdateBenchmark
{
    private static final long SCAN_PERIOD_NS = 100_000_000L;
    private static final int LIDAR_SOURCE_INDEX = 0;
    private static final int NOISE_TABLE = 4096;
    private static final double POSITION_NOISE_M = 0.1;

    @Param({ "20", "100" })
    public int objects;

    private Tracker tracker;
    private MeasurementBatch batch;
    private int carClass;
    private double[] x0;
    private double[] y0;
    private double[] vx;
    private final double[] noise = new double[NOISE_TABLE];
    private long scan;
    private int nextNoise;

    @Setup(Level.Trial)
    public void setUp()
    {
        final KittiTrackingContext kitti = new KittiTrackingContext().conclude();
        tracker = new Tracker(kitti.trackerContext(KittiClass.CAR));
        carClass = KittiClass.CAR.trackerClass();
        batch = new MeasurementBatch(objects);
        x0 = new double[objects];
        y0 = new double[objects];
        vx = new double[objects];
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < objects; i++)
        {
            final int lane = i % 6;
            x0[i] = -100 + 12.0 * (i / 6) + 3.0 * lane;
            y0[i] = (lane - 2.5) * 3.7;
            vx[i] = 20 + lane;
        }
        for (int i = 0; i < NOISE_TABLE; i++)
        {
            noise[i] = POSITION_NOISE_M * (random.nextDouble() * 2 - 1);
        }
        for (int i = 0; i < 50; i++)
        {
            update();
        }
        if (tracker.confirmedCount() < objects)
        {
            throw new IllegalStateException("tracks confirmed " + tracker.confirmedCount() + " of " + objects);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        // Every car keeps its track: a track lost or born while measuring would be a different benchmark.
        if (tracker.trackCount() != objects || tracker.createdCount() != objects)
        {
            throw new IllegalStateException("tracks " + tracker.trackCount() + ", created " + tracker.createdCount() +
                ", expected " + objects);
        }
    }

    @Benchmark
    public int update()
    {
        final long timeNs = ++scan * SCAN_PERIOD_NS;
        final double t = timeNs * 1e-9;
        batch.reset(timeNs, LIDAR_SOURCE_INDEX, KittiTrackingContext.LIDAR_SOURCE_KIND);
        for (int i = 0; i < objects; i++)
        {
            final int m = batch.add(x0[i] + vx[i] * t + nextNoise(), y0[i] + nextNoise(), carClass, 1.0, 0.95);
            batch.yaw(m, 0.0).size(m, 4.5, 1.8, 1.5);
        }
        tracker.update(batch);
        return tracker.trackCount();
    }

    private double nextNoise()
    {
        nextNoise = (nextNoise + 1) & (NOISE_TABLE - 1);
        return noise[nextNoise];
    }
}
