package io.fusebox.sensors.rig;

/**
 * Channels and stream ids of the bus. Each sensor's own stream id lives on its {@link SensorConfig};
 * this is everything else, declared once, in the rig file.
 */
public record BusLayout(
    String sensorChannel,
    String fusionInputChannel,
    int fusionInputStreamId,
    String worldModelChannel,
    int worldModelStreamId,
    String trajectoryChannel,
    int trajectoryStreamId,
    String healthChannel,
    int healthStreamId)
{
}
