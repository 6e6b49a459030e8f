package io.fusebox.runtime.testing;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.fusebox.replay.log.DriveLogHeader;
import io.fusebox.runtime.bus.Bus;
import io.fusebox.runtime.fusion.FusionAgent;
import io.fusebox.runtime.fusion.FusionContext;
import io.fusebox.runtime.replay.ReplayPipeline;
import io.fusebox.sensors.codec.MessageHeaderDecoder;
import io.fusebox.sensors.codec.SensorHealthDecoder;
import io.fusebox.sensors.codec.WorldModelDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.ArrayList;
import java.util.List;

/**
 * A replay pipeline of the real fusion agent, plus a listener that keeps every world model and health report
 * fusion publishes (bytes, in order) and, after the replay, the fusion engine's own figures.
 */
public final class FusionOutputs implements ReplayPipeline
{
    private final List<byte[]> worldModels = new ArrayList<>();
    private final List<byte[]> healthReports = new ArrayList<>();
    private final FusionInputCollector inputs = new FusionInputCollector();
    private FusionAgent fusion;

    public List<? extends Agent> newAgents(final Bus bus, final DriveLogHeader header)
    {
        fusion = new FusionAgent(bus, new FusionContext().rig(bus.rig()));
        return List.of(fusion, new Listener(bus));
    }

    /**
     * @return the fusion agent of the last replay; read its engine once the replay has returned.
     */
    public FusionAgent fusion()
    {
        return fusion;
    }

    /**
     * @return the fusion input as fusion received it.
     */
    public FusionInputCollector inputs()
    {
        return inputs;
    }

    public List<byte[]> worldModels()
    {
        return worldModels;
    }

    public List<byte[]> healthReports()
    {
        return healthReports;
    }

    /**
     * @return the world model's {@code missingSensors} bits (bit i: rig sensor index i silent).
     */
    public static long missingSensors(final byte[] worldModel)
    {
        final WorldModelDecoder decoder = new WorldModelDecoder();
        final MessageHeaderDecoder messageHeader = new MessageHeaderDecoder();
        decoder.wrapAndApplyHeader(new org.agrona.concurrent.UnsafeBuffer(worldModel), 0, messageHeader);
        return decoder.missingSensors();
    }

    private final class Listener implements Agent
    {
        private final Subscription worldModelSubscription;
        private final Subscription healthSubscription;
        private final Subscription inputSubscription;
        private final FragmentAssembler worldModelAssembler = new FragmentAssembler(this::onWorldModel);
        private final FragmentAssembler healthAssembler = new FragmentAssembler(this::onHealth);

        Listener(final Bus bus)
        {
            worldModelSubscription = bus.addWorldModelSubscription();
            healthSubscription = bus.addHealthSubscription();
            inputSubscription = bus.addFusionInputSubscription();
        }

        public String roleName()
        {
            return "fusion-output-listener";
        }

        public int doWork()
        {
            return worldModelSubscription.poll(worldModelAssembler, 16) + healthSubscription.poll(healthAssembler, 16) +
                inputs.poll(inputSubscription, 64);
        }

        public void onClose()
        {
            CloseHelper.quietCloseAll(inputSubscription, healthSubscription, worldModelSubscription);
        }

        private void onWorldModel(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            synchronized (worldModels)
            {
                worldModels.add(copy);
            }
        }

        private void onHealth(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            synchronized (healthReports)
            {
                healthReports.add(copy);
            }
        }
    }

    /**
     * @return the state of a sensor in a health report, by sensor id; null when the report does not list it.
     */
    public static io.fusebox.sensors.codec.HealthState healthState(final byte[] report, final int sensorId)
    {
        final SensorHealthDecoder decoder = new SensorHealthDecoder();
        decoder.wrapAndApplyHeader(new org.agrona.concurrent.UnsafeBuffer(report), 0, new MessageHeaderDecoder());
        for (final SensorHealthDecoder.SensorsDecoder sensor : decoder.sensors())
        {
            if (sensor.sensorId() == sensorId)
            {
                return sensor.state();
            }
        }
        return null;
    }
}
