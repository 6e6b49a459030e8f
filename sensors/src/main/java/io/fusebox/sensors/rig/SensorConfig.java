package io.fusebox.sensors.rig;

import io.fusebox.sensors.codec.SensorKind;

/**
 * One sensor of the rig. {@code index} is its position in the rig (0..63): the bit it owns in
 * sensor masks. Exactly one of the kind-specific specs is set, the one matching {@code kind}.
 * {@code channel} is the Aeron channel its stream travels on: the bus's {@code sensorChannel} unless the
 * sensor names its own (a rig spread over boards).
 */
public record SensorConfig(
    int index,
    int id,
    String name,
    SensorKind kind,
    int streamId,
    double rateHz,
    MountPose mount,
    CameraSpec camera,
    RadarSpec radar,
    LidarSpec lidar,
    UltrasonicSpec ultrasonic,
    VehicleStateSpec vehicleState,
    String channel)
{
    /**
     * @return nominal period between messages, ns.
     */
    public long periodNs()
    {
        return Math.round(1e9 / rateHz);
    }

    /**
     * @return nominal messages per second on this sensor's stream (a LiDAR sends a sweep as sectors).
     */
    public double messageRateHz()
    {
        return kind == SensorKind.LIDAR ? rateHz * lidar.sectors() : rateHz;
    }
}
