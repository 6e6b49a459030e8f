package io.fusebox.sensors.sim;

import io.fusebox.sensors.rig.MountPose;

/**
 * A sensor's mounting on the ego, placed at an ego pose: the sensor origin in the world and the
 * world-to-sensor rotation, so that world points can be expressed in the sensor frame (x along
 * the boresight, y left, z up). Mutable scratch owned by one sensor model.
 */
final class SensorMount
{
    final MountPose pose;
    /** Sensor-to-vehicle rotation, row-major. */
    private final double[] mount;
    final boolean level;

    double originX;
    double originY;
    double originZ;
    /** World-to-sensor rotation at the current placement, row-major. */
    final double[] toSensor = new double[9];

    double sensorX;
    double sensorY;
    double sensorZ;

    SensorMount(final MountPose pose)
    {
        this.pose = pose;
        this.mount = pose.rotation();
        this.level = pose.roll() == 0 && pose.pitch() == 0;
    }

    /**
     * Places the sensor on the ego at a world pose (rear-axle origin, heading cos/sin).
     */
    void place(final double egoX, final double egoY, final double egoCos, final double egoSin)
    {
        originX = egoX + egoCos * pose.x() - egoSin * pose.y();
        originY = egoY + egoSin * pose.x() + egoCos * pose.y();
        originZ = pose.z();
        final double[] r = mount;
        final double[] w = toSensor;
        for (int i = 0; i < 3; i++)
        {
            w[i * 3] = r[i] * egoCos - r[3 + i] * egoSin;
            w[i * 3 + 1] = r[i] * egoSin + r[3 + i] * egoCos;
            w[i * 3 + 2] = r[6 + i];
        }
    }

    /**
     * Sets {@code sensorX/Y/Z} to a world point in the sensor frame.
     */
    void pointToSensor(final double x, final double y, final double z)
    {
        final double dx = x - originX;
        final double dy = y - originY;
        final double dz = z - originZ;
        final double[] w = toSensor;
        sensorX = w[0] * dx + w[1] * dy + w[2] * dz;
        sensorY = w[3] * dx + w[4] * dy + w[5] * dz;
        sensorZ = w[6] * dx + w[7] * dy + w[8] * dz;
    }

    /**
     * Sets {@code sensorX/Y/Z} to a world direction in the sensor frame.
     */
    void directionToSensor(final double x, final double y, final double z)
    {
        final double[] w = toSensor;
        sensorX = w[0] * x + w[1] * y + w[2] * z;
        sensorY = w[3] * x + w[4] * y + w[5] * z;
        sensorZ = w[6] * x + w[7] * y + w[8] * z;
    }

    /** @return world x of a sensor-frame direction. */
    double worldDirectionX(final double x, final double y, final double z)
    {
        return toSensor[0] * x + toSensor[3] * y + toSensor[6] * z;
    }

    double worldDirectionY(final double x, final double y, final double z)
    {
        return toSensor[1] * x + toSensor[4] * y + toSensor[7] * z;
    }

    double worldDirectionZ(final double x, final double y, final double z)
    {
        return toSensor[2] * x + toSensor[5] * y + toSensor[8] * z;
    }
}
