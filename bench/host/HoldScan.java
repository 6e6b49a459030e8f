import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.fusion.FusionEngine;
import io.fusebox.runtime.fusion.FusionOutput;
import io.fusebox.runtime.fusion.evaluation.InProcessSequencer;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import io.fusebox.sensors.message.FusionInputReader;
import io.fusebox.sensors.rig.Rig;
import io.fusebox.sensors.rig.RigLoader;
import io.fusebox.sensors.sim.RigSimulator;
import io.fusebox.sensors.sim.ScenarioCatalog;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How often a drive's clock base puts a sensor just after fusion's ticks, so that every world model of the drive
 * waits for that sensor's message (fusion's "world models held past their tick"). Fusion runs in process, no bus, on
 * the built-in rig and highway-cruise from random clock bases; after 1.5 s (every sensor's slack learned) it counts
 * the world models that came out only on an input captured at or past their tick.
 *
 * <pre>
 * ./fusebox --version    # builds runtime/target
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp "runtime/target/fusebox-runtime.jar:runtime/target/lib/*" bench/host/HoldScan.java [BASES] [SEED]
 * </pre>
 */
public final class HoldScan
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long TICK_NS = 100_000_000L;

    public static void main(final String[] args)
    {
        final int bases = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        final Random random = new Random(args.length > 1 ? Long.parseLong(args[1]) : 1);
        final Rig rig = RigLoader.loadDefault();
        final UnsafeBuffer input = new UnsafeBuffer(ByteBuffer.allocateDirect(RigLoader.MAX_SENSOR_MESSAGE_BYTES + 64));
        final FusionInputReader reader = new FusionInputReader();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final WorldModelDecoder worldModel = new WorldModelDecoder();
        final long[] tickNs = new long[1];
        final FusionOutput output = new FusionOutput()
        {
            public void onWorldModel(final DirectBuffer buffer, final int offset, final int length)
            {
                header.wrap(buffer, offset);
                worldModel.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                tickNs[0] = worldModel.timeNs();
            }

            public void onSensorHealth(final DirectBuffer buffer, final int offset, final int length)
            {
            }
        };

        int heldBases = 0;
        for (int i = 0; i < bases; i++)
        {
            final long baseNs = 17_640_000_000L * TICK_NS + (long)(random.nextDouble() * TICK_NS);
            final FusionEngine engine = new FusionEngine(new FusionContext().rig(rig), output);
            final InProcessSequencer sequencer = new InProcessSequencer(
                rig, new RigSimulator(rig, ScenarioCatalog.byName("highway-cruise"), 42, baseNs));
            final Map<String, Integer> heldBy = new TreeMap<>();
            int learned = 0;
            while (sequencer.nextCaptureTimeNs() < baseNs + 3 * SECOND_NS)
            {
                final int length = sequencer.encodeNext(input, 0);
                reader.wrap(input, 0, length);
                final long worldModels = engine.worldModels();
                engine.onInput(input, 0, length);
                if (engine.worldModels() > worldModels && tickNs[0] > baseNs + 3 * SECOND_NS / 2)
                {
                    learned++;
                    if (reader.captureTimeNs() >= tickNs[0])
                    {
                        heldBy.merge(rig.sensor(rig.indexOf(reader.sensorId())).name(), 1, Integer::sum);
                    }
                }
            }
            if (!heldBy.isEmpty())
            {
                heldBases++;
                System.out.printf("clock base +%.6f ms past a tick: %s of %d world models held%n",
                    (baseNs % TICK_NS) / 1e6, heldBy, learned);
            }
        }
        System.out.printf("%d of %d clock bases held world models past their tick (margin %d µs)%n",
            heldBases, bases, FusionEngine.SCHEDULE_SLACK_MARGIN_NS / 1000);
    }
}
