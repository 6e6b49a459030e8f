package io.fusebox.runtime.record;

import io.fusebox.replay.log.DriveLogContext;
import io.fusebox.replay.log.DriveLogWriter;
import io.fusebox.replay.log.RecordedStream;
import io.fusebox.runtime.bus.AgentThreads;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.bus.Profile;
import io.fusebox.runtime.rig.RigPublisher;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.sensors.message.SyntheticRigSource;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.nio.file.Path;

/**
 * Run as a child JVM by {@link KilledRecordingTest}: a drive as {@code fusebox drive} wires it (the whole
 * rig on the bus, the sequencer, the recorder) that prints {@code recorded N} every 100 ms and records
 * until it is killed.
 */
public final class RecordingChild
{
    public static void main(final String[] args) throws Exception
    {
        final Path directory = Path.of(args[0]);
        final Rig rig = RigLoader.loadDefault();
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final long startNs = clock.nanoTime() + 200_000_000L;
        final Bus bus = Bus.launch(new BusContext().rig(rig).profile(Profile.LAPTOP));
        final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().directory(directory)
            .scenario("killed-drive").startTimeNs(clock.nanoTime()));
        final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext());
        final Sequencer sequencer = new Sequencer(bus, clock, new CaptureLatency());
        final RigPublisher publisher = new RigPublisher(bus, new SyntheticRigSource(rig, startNs), clock);
        AgentThreads.start(bus, recorder, recorder.diskAgent());
        AgentThreads.start(bus, sequencer);
        AgentThreads.start(bus, publisher);
        while (true)
        {
            Thread.sleep(100);
            System.out.println("recorded " + recorder.recorded(RecordedStream.FUSION_INPUT));
        }
    }
}
