package io.fusebox.runtime.fusion.tracking;

import org.junit.jupiter.api.Test;

import static io.fusebox.runtime.fusion.tracking.Track.STATE_SIZE;
import static io.fusebox.runtime.fusion.tracking.Track.VX;
import static io.fusebox.runtime.fusion.tracking.Track.VY;
import static io.fusebox.runtime.fusion.tracking.Track.X;
import static io.fusebox.runtime.fusion.tracking.Track.Y;
import static io.fusebox.runtime.fusion.tracking.Track.YAW;
import static io.fusebox.runtime.fusion.tracking.Track.YAW_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImmFilterTest
{
    private static final int CLASS = 1;
    private static final double EPSILON = 1e-9;

    private final TrackerContext context = new TrackerContext()
        .processNoise(CLASS, 2.0, 1.0, 0.5)
        .yawRateStd(CLASS, 0.1)
        .conclude();
    private final ImmFilter filter = new ImmFilter(context);

    @Test
    void constantVelocityPredictionMatchesHandComputedValues()
    {
        final double[] state = { 1.0, 2.0, 3.0, -1.0, 0.5, 0.2 };
        final double[] covariance = diagonal(1.0, 1.0, 4.0, 4.0, 0.1, 0.01);

        filter.predictConstantVelocity(state, 0, covariance, 0, 0.5, CLASS);

        // x = x + vx dt, y = y + vy dt; the straight model holds yaw and zeroes the turn rate.
        assertArrayEquals(new double[]{ 2.5, 1.5, 3.0, -1.0, 0.5, 0.0 }, state);
        // P = F P F' + Q with q = 2^2: Pxx = 1 + 0.25*4 + 4*0.5^4/4, Pxvx = 0.5*4 + 4*0.5^3/2, Pvxvx = 4 + 4*0.25.
        assertEquals(2.0625, covariance[X * STATE_SIZE + X], EPSILON);
        assertEquals(2.25, covariance[X * STATE_SIZE + VX], EPSILON);
        assertEquals(2.25, covariance[VX * STATE_SIZE + X], EPSILON);
        assertEquals(5.0, covariance[VX * STATE_SIZE + VX], EPSILON);
        assertEquals(2.0625, covariance[Y * STATE_SIZE + Y], EPSILON);
        assertEquals(0.0, covariance[X * STATE_SIZE + Y], EPSILON);
        // yaw random walk 0.1^2 * dt; turn rate keeps only its small floor.
        assertEquals(0.105, covariance[YAW * STATE_SIZE + YAW], EPSILON);
        assertEquals(ImmFilter.STRAIGHT_YAW_RATE_VARIANCE, covariance[YAW_RATE * STATE_SIZE + YAW_RATE], EPSILON);
    }

    @Test
    void constantTurnPredictionFollowsTheArc()
    {
        final double[] state = { 0.0, 0.0, 10.0, 0.0, 0.0, 0.5 };
        final double[] covariance = diagonal(0.1, 0.1, 0.1, 0.1, 0.01, 0.01);

        filter.predictConstantTurn(state, 0, covariance, 0, 1.0, CLASS);

        // Speed 10 m/s turning at 0.5 rad/s for 1 s: x = v sin(wt)/w, y = v (1 - cos(wt))/w.
        assertEquals(10.0 * Math.sin(0.5) / 0.5, state[X], EPSILON);
        assertEquals(10.0 * (1.0 - Math.cos(0.5)) / 0.5, state[Y], EPSILON);
        assertEquals(10.0 * Math.cos(0.5), state[VX], EPSILON);
        assertEquals(10.0 * Math.sin(0.5), state[VY], EPSILON);
        assertEquals(0.5, state[YAW], EPSILON);
        assertEquals(0.5, state[YAW_RATE], EPSILON);
        // Turn-rate uncertainty spreads position across the arc, sideways more than along.
        assertTrue(covariance[Y * STATE_SIZE + Y] > covariance[X * STATE_SIZE + X]);
    }

    @Test
    void constantTurnJacobianMatchesFiniteDifferences()
    {
        final double[] state = { 3.0, -2.0, 7.0, 4.0, 0.3, 0.35 };
        final double dt = 0.4;
        filter.predictConstantTurn(state.clone(), 0, new double[STATE_SIZE * STATE_SIZE], 0, dt, CLASS);
        final double[][] analytic = new double[STATE_SIZE][STATE_SIZE];
        for (int i = 0; i < STATE_SIZE; i++)
        {
            for (int j = 0; j < STATE_SIZE; j++)
            {
                analytic[i][j] = filter.lastJacobian(i, j);
            }
        }

        final double h = 1e-6;
        for (int j = 0; j < STATE_SIZE; j++)
        {
            final double[] plus = state.clone();
            final double[] minus = state.clone();
            plus[j] += h;
            minus[j] -= h;
            filter.predictConstantTurn(plus, 0, new double[STATE_SIZE * STATE_SIZE], 0, dt, CLASS);
            filter.predictConstantTurn(minus, 0, new double[STATE_SIZE * STATE_SIZE], 0, dt, CLASS);
            for (int i = 0; i < STATE_SIZE; i++)
            {
                assertEquals((plus[i] - minus[i]) / (2.0 * h), analytic[i][j], 1e-5, "d state " + i + " / d " + j);
            }
        }
    }

    @Test
    void constantTurnWithZeroTurnRateIsStraight()
    {
        final double[] turning = { 1.0, 2.0, 3.0, -1.0, 0.5, 0.0 };
        filter.predictConstantTurn(turning, 0, diagonal(1, 1, 1, 1, 1, 1), 0, 0.1, CLASS);

        assertEquals(1.3, turning[X], EPSILON);
        assertEquals(1.9, turning[Y], EPSILON);
        assertEquals(3.0, turning[VX], EPSILON);
        assertEquals(-1.0, turning[VY], EPSILON);
    }

    @Test
    void positionUpdateMatchesHandComputedValues()
    {
        final double[] state = new double[STATE_SIZE];
        final double[] covariance = diagonal(1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
        covariance[X * STATE_SIZE + VX] = 0.5;
        covariance[VX * STATE_SIZE + X] = 0.5;

        final double logLikelihood = filter.updateModel(
            state, 0, covariance, 0, new double[]{ 2.0, -1.0 }, new double[]{ 1.0, 0.0, 0.0, 3.0 },
            new int[]{ X, Y }, 2);

        // S = diag(2, 4); K x = 1/2, K y = 1/4, K vx = 0.5/2.
        assertEquals(1.0, state[X], EPSILON);
        assertEquals(-0.25, state[Y], EPSILON);
        assertEquals(0.5, state[VX], EPSILON);
        assertEquals(0.0, state[VY], EPSILON);
        assertEquals(0.5, covariance[X * STATE_SIZE + X], EPSILON);
        assertEquals(0.75, covariance[Y * STATE_SIZE + Y], EPSILON);
        assertEquals(0.875, covariance[VX * STATE_SIZE + VX], EPSILON);
        assertEquals(0.25, covariance[X * STATE_SIZE + VX], EPSILON);
        final double expected = -0.5 * (4.0 / 2.0 + 1.0 / 4.0 + Math.log(8.0) + 2.0 * Math.log(2.0 * Math.PI));
        assertEquals(expected, logLikelihood, EPSILON);
    }

    @Test
    void yawIsUpdatedAsAnAxis()
    {
        final double[] state = { 0.0, 0.0, 0.0, 0.0, 0.3, 0.0 };
        final double[] covariance = diagonal(1.0, 1.0, 1.0, 1.0, 1.0, 1.0);

        // The detector reports the box the other way round, pi - 0.1 away: really 0.1 below.
        filter.updateModel(state, 0, covariance, 0, new double[]{ 0.3 + Math.PI - 0.1 }, new double[]{ 1.0 },
            new int[]{ YAW }, 1);

        assertEquals(0.3 - 0.05, state[YAW], EPSILON);
    }

    @Test
    void immPrefersTheTurningModelForATurningTarget()
    {
        final Track track = new Track();
        final double[] initial = { 0.0, 0.0, 10.0, 0.0, 0.0, 0.0 };
        filter.initialise(track, initial, diagonal(0.1, 0.1, 1.0, 1.0, 0.1, 0.25));

        final double turnRate = 0.4;
        final double dt = 0.1;
        for (int step = 1; step <= 50; step++)
        {
            final double t = step * dt;
            filter.predict(track, dt, CLASS);
            final double x = 10.0 * Math.sin(turnRate * t) / turnRate;
            final double y = 10.0 * (1.0 - Math.cos(turnRate * t)) / turnRate;
            filter.update(
                track, new double[]{ x, y, turnRate * t }, diagonal(0.01, 0.01, 0.001), new int[]{ X, Y, YAW }, 3);
        }

        assertTrue(track.modelProbability(Track.MODEL_CONSTANT_TURN) > 0.5, track.toString());
        assertEquals(turnRate, track.yawRate(), 0.05);
        assertEquals(1.0, track.modelProbability(0) + track.modelProbability(1), EPSILON);
    }

    private static double[] diagonal(final double... values)
    {
        final double[] matrix = new double[values.length * values.length];
        for (int i = 0; i < values.length; i++)
        {
            matrix[i * values.length + i] = values[i];
        }
        return matrix;
    }

    private static void assertArrayEquals(final double[] expected, final double[] actual)
    {
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], actual[i], EPSILON, "element " + i);
        }
    }
}
