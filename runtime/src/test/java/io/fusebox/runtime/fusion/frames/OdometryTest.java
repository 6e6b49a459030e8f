package io.fusebox.runtime.fusion.frames;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OdometryTest
{
    @Test
    void constantSpeedAndTurnRateDrawACircle()
    {
        final Odometry odometry = new Odometry();
        final double speed = 10.0;
        final double yawRate = 0.2;
        for (int k = 0; k <= 300; k++)
        {
            assertTrue(odometry.onVehicleState(k * 10_000_000L, speed, yawRate, 0.0));
        }
        // After 3 s on a circle of radius v / w from the origin heading along x.
        final double t = 3.0;
        final double radius = speed / yawRate;
        final EgoPose pose = odometry.current();
        assertEquals(radius * Math.sin(yawRate * t), pose.x(), 1e-3);
        assertEquals(radius * (1 - Math.cos(yawRate * t)), pose.y(), 1e-3);
        assertEquals(yawRate * t, pose.yaw(), 1e-9);

        // Extrapolated a little on the same circle, and back.
        final EgoPose later = new EgoPose();
        odometry.poseAt(3_050_000_000L, later);
        assertEquals(radius * Math.sin(yawRate * 3.05), later.x(), 1e-3);
        odometry.poseAt(2_990_000_000L, later);
        assertEquals(radius * (1 - Math.cos(yawRate * 2.99)), later.y(), 1e-3);
    }

    @Test
    void olderVehicleStateIsIgnored()
    {
        final Odometry odometry = new Odometry();
        assertTrue(odometry.onVehicleState(100, 5.0, 0.0, 0.0));
        assertTrue(odometry.onVehicleState(200, 5.0, 0.0, 0.0));
        assertFalse(odometry.onVehicleState(150, 50.0, 0.0, 0.0));
        assertEquals(5.0, odometry.current().speed());
    }

    @Test
    void framesRoundTrip()
    {
        final Odometry odometry = new Odometry();
        odometry.onVehicleState(0, 10.0, 0.5, 0.0);
        odometry.onVehicleState(1_000_000_000L, 10.0, 0.5, 0.0);
        final EgoPose pose = odometry.current();
        final double ox = pose.odometryX(3.0, -2.0);
        final double oy = pose.odometryY(3.0, -2.0);
        assertEquals(3.0, pose.vehicleX(ox, oy), 1e-12);
        assertEquals(-2.0, pose.vehicleY(ox, oy), 1e-12);
        assertEquals(1.5, pose.vehicleDirectionX(pose.odometryDirectionX(1.5, 0.5), pose.odometryDirectionY(1.5, 0.5)), 1e-12);
    }
}
