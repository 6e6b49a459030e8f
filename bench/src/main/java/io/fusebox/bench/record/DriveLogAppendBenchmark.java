package io.fusebox.bench.record;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.sensors.codec.FusionInputEncoder;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import org.agrona.IoUtil;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One drive-log append: a fusion input of {@code bytes} bytes written to a real Chronicle Queue on disk (a drive log
 * in a temporary folder, as the recorder's disk agent writes it). Each iteration starts a fresh log and deletes the
 * last one, so a run holds at most one iteration's worth on disk (about 1 GB at 32 KB entries). Run with
 * {@code -prof gc}: 0 B/op.
 *
 * <ul>
 * <li>{@code 3138}: a radar scan of 128 detections, wrapped by the sequencer.</li>
 * <li>{@code 32850}: a LiDAR sector of 2,048 points, wrapped.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true" })
public class DriveLogAppendBenchmark
{
    /** Where FusionInput keeps its receive time: the writer reads it for the log's time. */
    private static final int RECEIVE_TIME_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + FusionInputEncoder.receiveTimeNsEncodingOffset();

    @Param({ "3138", "32850" })
    public int bytes;

    private Path root;
    private DriveLogWriter writer;
    private UnsafeBuffer entry;
    private long receiveTimeNs;

    @Setup(Level.Iteration)
    public void openLog() throws IOException
    {
        root = Files.createTempDirectory("fusebox-append-bench");
        writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).scenario("bench").seed(1));
        entry = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
        for (int i = 0; i < bytes; i++)
        {
            entry.putByte(i, (byte)(i * 31));
        }
    }

    @TearDown(Level.Iteration)
    public void deleteLog()
    {
        writer.close();
        IoUtil.delete(root.toFile(), false);
    }

    @Benchmark
    public boolean append()
    {
        entry.putLong(RECEIVE_TIME_OFFSET, ++receiveTimeNs);
        if (!writer.append(RecordedStream.FUSION_INPUT, entry, 0, bytes))
        {
            throw new IllegalStateException("the drive log refused an entry: size cap reached");
        }
        return true;
    }
}
