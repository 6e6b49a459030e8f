package io.fusebox.sensors.sim;

import io.fusebox.sensors.codec.MessageHeaderEncoder;
import io.fusebox.sensors.codec.VehicleStateEncoder;
import io.fusebox.sensors.rig.SensorConfig;
import io.fusebox.sensors.rig.VehicleStateSpec;
import org.agrona.MutableDirectBuffer;

/**
 * The ego's CAN signals with the rig's noise. The rig gives no steering noise; the angle carries a
 * fixed small one ({@link #STEERING_STD_RAD}, about a 0.5 degree steering-wheel resolution).
 */
final class VehicleStateModel implements SensorModel
{
    static final double STEERING_STD_RAD = 0.0005;

    private final SensorConfig config;
    private final VehicleStateSpec spec;
    private final World world;
    private final long clockBaseNs;
    private final NoiseStream noise;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final VehicleStateEncoder encoder = new VehicleStateEncoder();

    VehicleStateModel(final SensorConfig config, final World world, final long seed, final long clockBaseNs)
    {
        this.config = config;
        this.spec = config.vehicleState();
        this.world = world;
        this.clockBaseNs = clockBaseNs;
        this.noise = new NoiseStream(seed, config.id());
    }

    public int encode(final MutableDirectBuffer buffer, final int offset, final long simTimeNs, final long sequence)
    {
        final EgoVehicle ego = world.ego;
        final double speed = Math.max(0, ego.sampleSpeed + spec.speedStdMps() * noise.gaussian());
        encoder.wrapAndApplyHeader(buffer, offset, header);
        encoder.stamp().captureTimeNs(clockBaseNs + simTimeNs).sequence(sequence).sensorId(config.id());
        encoder.speedMps((float)speed)
            .yawRateRps((float)(ego.yawRate + spec.yawRateStdRps() * noise.gaussian()))
            .accelerationMps2((float)(ego.acceleration + spec.accelerationStdMps2() * noise.gaussian()))
            .steeringAngleRad((float)(ego.steeringAngle + STEERING_STD_RAD * noise.gaussian()));
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
