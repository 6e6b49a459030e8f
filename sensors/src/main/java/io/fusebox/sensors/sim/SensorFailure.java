package io.fusebox.sensors.sim;

/**
 * A sensor that goes silent for good at a time of the scenario: the simulator sends none of its messages
 * captured at or after it.
 *
 * @param sensorId the rig's sensor id.
 * @param atS      simulation time of the failure, s.
 */
public record SensorFailure(int sensorId, double atS)
{
}
