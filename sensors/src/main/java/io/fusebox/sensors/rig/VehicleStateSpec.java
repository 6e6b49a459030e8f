package io.fusebox.sensors.rig;

/**
 * Noise of the vehicle-state signals read from CAN.
 */
public record VehicleStateSpec(double speedStdMps, double yawRateStdRps, double accelerationStdMps2)
{
}
