package io.fusebox.planner.behaviour;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccModelTest
{
    private static final double A = 2.0;
    private static final double B = 2.0;
    private static final double S0 = 2.5;
    private static final double STOP_DECELERATION = 1.0;
    private static final double T = 1.5;
    private static final double V0 = 1.5;
    private static final double DT = 0.01;

    private final AccModel model = new AccModel(A, B, S0, 0.99, STOP_DECELERATION);

    @Test
    void stopsBehindAWallAtTheMinimumGapAtTheStoppingDecelerationAndSoonerThanTheIdmCreeps()
    {
        // Creeping at 1.5 m/s, 10 m from a wall: as the parking garage's end.
        final double[] brisk = approach(true);
        final double[] idm = approach(false);

        assertEquals(S0, brisk[1], 0.05, "stops at s0");
        assertTrue(brisk[2] <= STOP_DECELERATION + 0.02, "brakes at the stopping deceleration, not harder: " + brisk[2]);
        // Holds 1.5 m/s for 6.4 m (4.3 s), then 1.5 s of braking.
        assertEquals(5.8, brisk[0], 0.1, "time to standstill");
        // The IDM's time gap makes the last metres an exponential creep: 9.5 s.
        assertTrue(idm[0] > brisk[0] + 3, "IDM " + idm[0] + " s against " + brisk[0] + " s");
        assertTrue(idm[1] >= S0 - 0.05, "the IDM stops no nearer");
    }

    @Test
    void withinTheMinimumGapItBrakesAsTheAccModelDoes()
    {
        assertEquals(model.acceleration(1.0, V0, T, 2.0, 0), model.stopBehind(1.0, V0, T, 2.0), 1e-12);
        assertTrue(model.stopBehind(1.0, V0, T, 2.0) < -B);
    }

    @Test
    void farFromAnythingItDrivesOnFreely()
    {
        assertEquals(model.acceleration(0.5, V0, T, Double.POSITIVE_INFINITY, 0), model.stopBehind(0.5, V0, T, 40), 1e-12);
    }

    /** @return time until under 0.02 m/s, the gap then, and the hardest braking, clamped to b as the sampler does. */
    private double[] approach(final boolean brisk)
    {
        double v = V0;
        double gap = 10;
        double t = 0;
        double hardest = 0;
        while (v > 0.02 && t < 60)
        {
            final double wanted = brisk ? model.stopBehind(v, V0, T, gap) : model.acceleration(v, V0, T, gap, 0);
            final double a = Math.max(-B, Math.min(A, wanted));
            hardest = Math.max(hardest, -a);
            final double next = Math.max(0, v + a * DT);
            gap -= 0.5 * (v + next) * DT;
            v = next;
            t += DT;
        }
        return new double[]{t, gap, hardest};
    }
}
