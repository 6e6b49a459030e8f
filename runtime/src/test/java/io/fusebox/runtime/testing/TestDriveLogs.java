package io.fusebox.runtime.testing;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.drive.Drive;
import io.fusebox.runtime.drive.DriveContext;
import io.fusebox.runtime.drive.DriveReport;
import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;

/**
 * Drive logs written straight to disk for replay, info and CLI tests, and a deterministic stand-in for
 * fusion that reproduces their recorded outputs.
 */
public final class TestDriveLogs
{
    public static final long START_NS = 1_800_000_000_000_000_000L;
    /** Sensor ids of the built-in rig, one of each kind: camera, radar, LiDAR, ultrasonic, vehicle state. */
    public static final int[] SENSOR_IDS = { 1, 21, 31, 41, 61 };
    /** Every this many inputs, one world model and one trajectory. */
    public static final int OUTPUT_EVERY = 10;

    private static final long MS = 1_000_000L;

    private TestDriveLogs()
    {
    }

    /**
     * Writes a drive log: {@code count} fusion inputs {@code periodNs} apart, cycling through one sensor of
     * each kind, with {@code imageBytes} of payload each; with outputs, every tenth input is followed by the
     * world model and trajectory {@link EchoFusion} makes of it.
     */
    public static Path record(final Path root, final int count, final long periodNs, final int imageBytes, final boolean outputs)
    {
        final RecordedMessages inputs = new RecordedMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128 * 1024);
        try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().rootDirectory(root).scenario("replay-test")
            .startTimeNs(START_NS - 100 * MS)))
        {
            for (int i = 0; i < count; i++)
            {
                final int sensorId = SENSOR_IDS[i % SENSOR_IDS.length];
                final long receiveNs = START_NS + i * periodNs;
                writer.append(RecordedStream.FUSION_INPUT, buffer, 0,
                    inputs.camera(buffer, 0, i, receiveNs, sensorId, i / SENSOR_IDS.length, imageBytes));
                if (outputs && i % OUTPUT_EVERY == OUTPUT_EVERY - 1)
                {
                    final long k = i / OUTPUT_EVERY;
                    writer.append(RecordedStream.WORLD_MODEL, buffer, 0, inputs.worldModel(buffer, 0, receiveNs, k));
                    writer.append(RecordedStream.TRAJECTORY, buffer, 0, inputs.trajectory(buffer, 0, receiveNs, k));
                }
            }
            return writer.directory();
        }
    }

    /**
     * Drives a simulated scenario live on a bus of its own, recorded as {@code fusebox drive} records it,
     * with fusion running: a real drive log, outputs included.
     *
     * @return the drive log's folder, the only one under {@code root}.
     */
    public static Path drive(final Path root, final String scenario, final long seconds)
    {
        final DriveReport report = Drive.run(new DriveContext().scenario(scenario).seed(7)
            .durationNs(seconds * 1_000_000_000L).warmupNs(0).profile(Profile.LAPTOP).recordRoot(root),
            new PrintWriter(new StringWriter()), () -> true);
        if (report.errors() != 0 || report.totalDropped() != 0)
        {
            throw new IllegalStateException("the recorded drive was not clean: " + report.summaryText());
        }
        try (Stream<Path> drives = Files.list(root))
        {
            final List<Path> all = drives.filter(Files::isDirectory).toList();
            if (all.size() != 1)
            {
                throw new IllegalStateException("expected one drive under " + root + ", found " + all);
            }
            return all.get(0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A deterministic stand-in for fusion and the planner: every tenth input, a world model and a
     * trajectory made from it alone, as the recording above has them. One output can be perturbed.
     */
    private static final class EchoFusion implements ReplayPipeline
    {
        private final long perturbedSequence;

        EchoFusion(final long perturbedSequence)
        {
            this.perturbedSequence = perturbedSequence;
        }

        public List<? extends Agent> newAgents(final Bus bus, final DriveLogHeader header)
        {
            return List.of(new EchoAgent(bus, perturbedSequence));
        }
    }

    private static final class EchoAgent implements Agent
    {
        private final Subscription input;
        private final ExclusivePublication worldModels;
        private final ExclusivePublication trajectories;
        private final FragmentAssembler assembler = new FragmentAssembler(this::onInput);
        private final FusionInputReader reader = new FusionInputReader();
        private final RecordedMessages outputs = new RecordedMessages();
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        private final long perturbedSequence;

        EchoAgent(final Bus bus, final long perturbedSequence)
        {
            this.perturbedSequence = perturbedSequence;
            input = bus.addFusionInputSubscription();
            worldModels = bus.addWorldModelPublication();
            trajectories = bus.addTrajectoryPublication();
        }

        public String roleName()
        {
            return "echo-fusion";
        }

        public int doWork()
        {
            return input.poll(assembler, 16);
        }

        public void onClose()
        {
            CloseHelper.quietCloseAll(trajectories, worldModels, input);
        }

        private void onInput(final DirectBuffer message, final int offset, final int length, final Header header)
        {
            reader.wrap(message, offset, length);
            final long i = reader.globalSequence();
            if (i % OUTPUT_EVERY == OUTPUT_EVERY - 1)
            {
                final long k = i / OUTPUT_EVERY;
                int produced = outputs.worldModel(buffer, 0, reader.receiveTimeNs(), k);
                if (k == perturbedSequence)
                {
                    final int x = MessageHeaderDecoder.ENCODED_LENGTH + WorldModelDecoder.BLOCK_LENGTH + 4 +
                        WorldModelDecoder.ObjectsDecoder.sbeBlockLength() + WorldModelDecoder.ObjectsDecoder.xEncodingOffset();
                    buffer.putFloat(x, buffer.getFloat(x) + 0.001f);
                }
                while (worldModels.offer(buffer, 0, produced) < 0)
                {
                    Thread.onSpinWait();
                }
                produced = outputs.trajectory(buffer, 0, reader.receiveTimeNs(), k);
                while (trajectories.offer(buffer, 0, produced) < 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * @param perturbedSequence the world model whose track 1 x is nudged, or -1 for none.
     */
    public static ReplayPipeline echoFusion(final long perturbedSequence)
    {
        return new EchoFusion(perturbedSequence);
    }
}
