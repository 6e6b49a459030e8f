package io.fusebox.sensors.rig;

/**
 * Where a sensor sits on the vehicle: translation (m) of the sensor origin in the vehicle frame and
 * its orientation as roll, pitch, yaw (rad), applied yaw then pitch then roll (z-y-x intrinsic).
 * Sensor frame: x along the boresight, y left, z up.
 */
public record MountPose(double x, double y, double z, double roll, double pitch, double yaw)
{
    /**
     * Row-major 3x3 rotation from the sensor frame to the vehicle frame.
     */
    public double[] rotation()
    {
        final double cr = Math.cos(roll), sr = Math.sin(roll);
        final double cp = Math.cos(pitch), sp = Math.sin(pitch);
        final double cy = Math.cos(yaw), sy = Math.sin(yaw);
        return new double[]
            {
                cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
                sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
                -sp, cp * sr, cp * cr
            };
    }
}
