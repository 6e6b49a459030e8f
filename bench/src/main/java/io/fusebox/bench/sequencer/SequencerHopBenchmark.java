package io.fusebox.bench.sequencer;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.bus.BusContext;
import io.fusebox.runtime.sequencer.CaptureLatency;
import io.fusebox.runtime.sequencer.Sequencer;
import io.fusebox.sensors.codec.BooleanType;
import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.RadarScanEncoder;
import io.fusebox.sensors.codec.SensorKind;
import io.fusebox.sensors.codec.UltrasonicEchoEncoder;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.rig.SensorConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The sequencer hop on a real bus (embedded media driver, the rig's IPC channels): a sensor message offered on its
 * sensor's publication, one or more {@link Sequencer#doWork()} duty cycles (guard, sequence check, wrap into
 * {@code FusionInput} with its receive time, publish), and the fusion input polled from its stream. One thread does
 * all three, so the figure is the hop's CPU cost, not a cross-thread latency (the harness, {@code fusebox bench},
 * measures that).
 *
 * <ul>
 * <li>{@code ultrasonic}: a 32-byte echo, the smallest message of the rig.</li>
 * <li>{@code radar}: a scan of 128 detections (3,106 bytes).</li>
 * </ul>
 * Each call bumps the message's sequence in place, so the sequencer sees a well-behaved sensor (no duplicates).
 * Run with {@code -prof gc}: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class SequencerHopBenchmark
{
    private static final int RADAR_DETECTIONS = 128;

    @Param({ "ultrasonic", "radar" })
    public String message;

    private Bus bus;
    private Sequencer sequencer;
    private Subscription fusionInput;
    private ExclusivePublication sensorPublication;
    private final UnsafeBuffer sensorMessage = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final UltrasonicEchoEncoder echoEncoder = new UltrasonicEchoEncoder();
    private final RadarScanEncoder radarEncoder = new RadarScanEncoder();
    private boolean radar;
    private int length;
    private long sequence;
    private long received;
    private final FragmentHandler onFusionInput = (buffer, offset, fragmentLength, header) -> received++;

    @Setup(Level.Trial)
    public void setUp()
    {
        final Rig rig = RigLoader.loadDefault();
        radar = "radar".equals(message);
        final int sensorIndex = firstOfKind(rig, radar ? SensorKind.RADAR : SensorKind.ULTRASONIC);
        final int sensorId = rig.sensor(sensorIndex).id();
        final EpochNanoClock clock = new SystemEpochNanoClock();
        bus = Bus.launch(new BusContext().rig(rig));
        sequencer = new Sequencer(bus, clock, new CaptureLatency());
        fusionInput = bus.addFusionInputSubscription();
        sensorPublication = bus.sensorPublication(sensorIndex);

        if (radar)
        {
            radarEncoder.wrapAndApplyHeader(sensorMessage, 0, headerEncoder);
            radarEncoder.stamp().captureTimeNs(clock.nanoTime()).sequence(0).sensorId(sensorId);
            radarEncoder.scanDurationNs(40_000_000);
            final RadarScanEncoder.DetectionsEncoder detections = radarEncoder.detectionsCount(RADAR_DETECTIONS);
            for (int i = 0; i < RADAR_DETECTIONS; i++)
            {
                detections.next().rangeM(5 + i).azimuthRad(0.005f * (i - 64)).elevationRad(0.0f)
                    .radialVelocityMps(-3.0f).rcsDbsm(10.0f).snrDb(20.0f);
            }
            length = MessageHeaderEncoder.ENCODED_LENGTH + radarEncoder.encodedLength();
        }
        else
        {
            echoEncoder.wrapAndApplyHeader(sensorMessage, 0, headerEncoder);
            echoEncoder.stamp().captureTimeNs(clock.nanoTime()).sequence(0).sensorId(sensorId);
            echoEncoder.hasEcho(BooleanType.TRUE).distanceM(1.5f).quality((short)200);
            length = MessageHeaderEncoder.ENCODED_LENGTH + echoEncoder.encodedLength();
        }

        while (!fusionInput.isConnected() || !sensorPublication.isConnected())
        {
            sequencer.doWork();
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (received != sequence)
        {
            throw new IllegalStateException("fusion input received " + received + " of " + sequence + " sent");
        }
        CloseHelper.closeAll(fusionInput, () -> sequencer.onClose(), bus);
    }

    @Benchmark
    public long hop()
    {
        if (radar)
        {
            radarEncoder.stamp().sequence(sequence);
        }
        else
        {
            echoEncoder.stamp().sequence(sequence);
        }
        sequence++;
        while (sensorPublication.offer(sensorMessage, 0, length) < 0)
        {
            sequencer.doWork();
        }
        final long target = sequence;
        while (received < target)
        {
            sequencer.doWork();
            fusionInput.poll(onFusionInput, 1);
        }
        return received;
    }

    private static int firstOfKind(final Rig rig, final SensorKind kind)
    {
        for (final SensorConfig sensor : rig.sensors())
        {
            if (sensor.kind() == kind)
            {
                return sensor.index();
            }
        }
        throw new IllegalStateException("the rig has no " + kind);
    }
}
