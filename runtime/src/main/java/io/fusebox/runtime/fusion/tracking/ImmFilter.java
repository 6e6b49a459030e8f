package io.fusebox.runtime.fusion.tracking;

import io.fusebox.sensors.codec.ObjectClass;

import static io.fusebox.runtime.fusion.tracking.Track.COVARIANCE_SIZE;
import static io.fusebox.runtime.fusion.tracking.Track.MODEL_CONSTANT_TURN;
import static io.fusebox.runtime.fusion.tracking.Track.MODEL_CONSTANT_VELOCITY;
import static io.fusebox.runtime.fusion.tracking.Track.MODEL_COUNT;
import static io.fusebox.runtime.fusion.tracking.Track.STATE_SIZE;
import static io.fusebox.runtime.fusion.tracking.Track.VX;
import static io.fusebox.runtime.fusion.tracking.Track.VY;
import static io.fusebox.runtime.fusion.tracking.Track.X;
import static io.fusebox.runtime.fusion.tracking.Track.Y;
import static io.fusebox.runtime.fusion.tracking.Track.YAW;
import static io.fusebox.runtime.fusion.tracking.Track.YAW_RATE;

/**
 * Interacting multiple model (IMM) extended Kalman filter over two motion models sharing the state
 * {@code [x, y, vx, vy, yaw, yawRate]}:
 * <ul>
 *     <li>constant velocity: straight motion, the box orientation holds still and the turn rate is zero;</li>
 *     <li>constant turn rate and velocity (CTRV, in Cartesian velocity form): the velocity vector and
 *     the box orientation both rotate at the turn rate, linearised for the EKF.</li>
 * </ul>
 * Running both for every class, rather than choosing one per class, lets a car that is parked, then
 * turns out of a junction, get the model that fits each phase; the mode probabilities pick it from
 * the data, and per-class process noise keeps a pedestrian's turns from looking like a car's.
 * <p>
 * One filter serves a whole track table: its scratch arrays are preallocated and it keeps no
 * per-track state, so it allocates nothing and is not thread safe.
 */
final class ImmFilter
{
    static final double INITIAL_YAW_RATE_STD = 0.5;
    static final double INITIAL_TURN_PROBABILITY = 0.2;
    static final double MIN_MODEL_PROBABILITY = 1e-4;
    /** Keeps the straight model's turn-rate variance positive so its covariance stays invertible. */
    static final double STRAIGHT_YAW_RATE_VARIANCE = 1e-6;

    /** (0.1 m/s)^2: a static obstacle's velocity, held at zero, is known to about this. */
    static final double STILL_VELOCITY_VARIANCE = 0.01;
    private static final int[] STILL_COMPONENTS = {VX, VY, YAW_RATE};
    private static final int STATIC_OBSTACLE_CLASS = ObjectClass.STATIC_OBSTACLE.value();
    private static final double LOG_TWO_PI = StrictMath.log(2.0 * Math.PI);
    private static final double SMALL_TURN_RATE = 1e-4;
    private static final double MAX_SWITCH_PROBABILITY = 0.5;

    private final TrackerContext context;

    private final double[] jacobian = new double[COVARIANCE_SIZE];
    private final double[] product = new double[COVARIANCE_SIZE];
    private final double[] predicted = new double[STATE_SIZE];
    private final double[] mixedState = new double[MODEL_COUNT * STATE_SIZE];
    private final double[] mixedCovariance = new double[MODEL_COUNT * COVARIANCE_SIZE];
    private final double[] predictedProbability = new double[MODEL_COUNT];
    private final double[] logLikelihood = new double[MODEL_COUNT];
    private final double[] difference = new double[STATE_SIZE];

    private final double[] innovation = new double[STATE_SIZE];
    private final double[] innovationCovariance = new double[STATE_SIZE * STATE_SIZE];
    private final double[] innovationInverse = new double[STATE_SIZE * STATE_SIZE];
    private final double[] choleskyScratch = new double[STATE_SIZE * STATE_SIZE];
    private final double[] crossCovariance = new double[STATE_SIZE * STATE_SIZE];
    private final double[] gain = new double[STATE_SIZE * STATE_SIZE];

    ImmFilter(final TrackerContext context)
    {
        this.context = context;
    }

    /**
     * Starts both models of a track at the same estimate.
     */
    void initialise(final Track track, final double[] initialState, final double[] initialCovariance)
    {
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            System.arraycopy(initialState, 0, track.modelState, model * STATE_SIZE, STATE_SIZE);
            System.arraycopy(initialCovariance, 0, track.modelCovariance, model * COVARIANCE_SIZE, COVARIANCE_SIZE);
        }
        track.modelProbability[MODEL_CONSTANT_VELOCITY] = 1.0 - INITIAL_TURN_PROBABILITY;
        track.modelProbability[MODEL_CONSTANT_TURN] = INITIAL_TURN_PROBABILITY;
        combine(track);
    }

    /**
     * IMM prediction over dtSeconds: mix the models by their switching probabilities, predict each
     * with its own motion and process noise, recombine.
     */
    void predict(final Track track, final double dtSeconds, final int objectClass)
    {
        if (dtSeconds <= 0.0)
        {
            return;
        }

        mix(track, dtSeconds);
        final boolean isStandingStill = context.staticObstaclesStandStill() && STATIC_OBSTACLE_CLASS == objectClass;
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            System.arraycopy(mixedState, model * STATE_SIZE, track.modelState, model * STATE_SIZE, STATE_SIZE);
            System.arraycopy(
                mixedCovariance, model * COVARIANCE_SIZE, track.modelCovariance, model * COVARIANCE_SIZE,
                COVARIANCE_SIZE);
            if (isStandingStill)
            {
                holdStill(track.modelState, model * STATE_SIZE, track.modelCovariance, model * COVARIANCE_SIZE);
            }
            if (model == MODEL_CONSTANT_VELOCITY)
            {
                predictConstantVelocity(
                    track.modelState, model * STATE_SIZE, track.modelCovariance, model * COVARIANCE_SIZE,
                    dtSeconds, objectClass);
            }
            else
            {
                predictConstantTurn(
                    track.modelState, model * STATE_SIZE, track.modelCovariance, model * COVARIANCE_SIZE,
                    dtSeconds, objectClass);
            }
            track.modelProbability[model] = predictedProbability[model];
        }
        combine(track);
    }

    /**
     * IMM update with one measurement of the state components {@code components[0..m)}.
     *
     * @param measurement  m measured values.
     * @param noise        m x m measurement covariance.
     * @param components   state index of each measured value; a {@link Track#YAW} value is an axis.
     * @param m            number of measured values, at most {@link Track#STATE_SIZE}.
     */
    void update(
        final Track track, final double[] measurement, final double[] noise, final int[] components, final int m)
    {
        double maxLogLikelihood = Double.NEGATIVE_INFINITY;
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            logLikelihood[model] = updateModel(
                track.modelState, model * STATE_SIZE, track.modelCovariance, model * COVARIANCE_SIZE,
                measurement, noise, components, m);
            maxLogLikelihood = Math.max(maxLogLikelihood, logLikelihood[model]);
        }

        if (maxLogLikelihood > Double.NEGATIVE_INFINITY)
        {
            double sum = 0.0;
            for (int model = 0; model < MODEL_COUNT; model++)
            {
                final double weighted =
                    track.modelProbability[model] * StrictMath.exp(logLikelihood[model] - maxLogLikelihood);
                track.modelProbability[model] = weighted;
                sum += weighted;
            }
            normaliseModelProbability(track, sum);
        }
        combine(track);
    }

    /**
     * Sets every model's heading to {@code yaw}, rad, leaving what it knew of the rest.
     */
    void setYaw(final Track track, final double yaw)
    {
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            track.modelState[model * STATE_SIZE + YAW] = yaw;
        }
        combine(track);
    }

    /**
     * Holds one model of a static obstacle still: no velocity, no turn, and the velocity's covariance cut to
     * {@link #STILL_VELOCITY_VARIANCE} and to no correlation with anything else, so an update moves its position, not
     * its speed.
     */
    private static void holdStill(
        final double[] state, final int stateOffset, final double[] covariance, final int covarianceOffset)
    {
        state[stateOffset + VX] = 0.0;
        state[stateOffset + VY] = 0.0;
        state[stateOffset + YAW_RATE] = 0.0;
        for (int i = 0; i < STATE_SIZE; i++)
        {
            for (final int still : STILL_COMPONENTS)
            {
                covariance[covarianceOffset + still * STATE_SIZE + i] = 0.0;
                covariance[covarianceOffset + i * STATE_SIZE + still] = 0.0;
            }
        }
        covariance[covarianceOffset + VX * STATE_SIZE + VX] = STILL_VELOCITY_VARIANCE;
        covariance[covarianceOffset + VY * STATE_SIZE + VY] = STILL_VELOCITY_VARIANCE;
        covariance[covarianceOffset + YAW_RATE * STATE_SIZE + YAW_RATE] = STRAIGHT_YAW_RATE_VARIANCE;
    }

    /**
     * Constant-velocity prediction of one model in place: {@code x = F x}, {@code P = F P F' + Q}.
     */
    void predictConstantVelocity(
        final double[] state, final int stateOffset,
        final double[] covariance, final int covarianceOffset,
        final double dt, final int objectClass)
    {
        clear(jacobian);
        for (int i = 0; i < YAW_RATE; i++)
        {
            jacobian[i * STATE_SIZE + i] = 1.0;
        }
        jacobian[X * STATE_SIZE + VX] = dt;
        jacobian[Y * STATE_SIZE + VY] = dt;
        // yaw rate row stays zero: the straight model does not turn.

        state[stateOffset + X] += dt * state[stateOffset + VX];
        state[stateOffset + Y] += dt * state[stateOffset + VY];
        state[stateOffset + YAW_RATE] = 0.0;

        propagateCovariance(covariance, covarianceOffset);

        final double accelerationVariance = square(context.accelerationStd(objectClass));
        addWhiteAccelerationNoise(covariance, covarianceOffset, dt, accelerationVariance);
        covariance[covarianceOffset + YAW * STATE_SIZE + YAW] += square(context.yawRateStd(objectClass)) * dt;
        covariance[covarianceOffset + YAW_RATE * STATE_SIZE + YAW_RATE] += STRAIGHT_YAW_RATE_VARIANCE;
    }

    /**
     * Constant turn rate and velocity prediction of one model in place, with the EKF Jacobian.
     */
    void predictConstantTurn(
        final double[] state, final int stateOffset,
        final double[] covariance, final int covarianceOffset,
        final double dt, final int objectClass)
    {
        final double vx = state[stateOffset + VX];
        final double vy = state[stateOffset + VY];
        final double omega = state[stateOffset + YAW_RATE];
        final double angle = omega * dt;
        final double sin = StrictMath.sin(angle);
        final double cos = StrictMath.cos(angle);

        // a = sin(wT)/w, b = (1 - cos(wT))/w and their derivatives in w; series near w = 0.
        final double a;
        final double b;
        final double da;
        final double db;
        if (Math.abs(omega) < SMALL_TURN_RATE)
        {
            final double dt2 = dt * dt;
            final double dt3 = dt2 * dt;
            a = dt - omega * omega * dt3 / 6.0;
            b = omega * dt2 / 2.0;
            da = -omega * dt3 / 3.0;
            db = dt2 / 2.0 - omega * omega * dt2 * dt2 / 8.0;
        }
        else
        {
            final double omega2 = omega * omega;
            a = sin / omega;
            b = (1.0 - cos) / omega;
            da = (dt * cos * omega - sin) / omega2;
            db = (dt * sin * omega - (1.0 - cos)) / omega2;
        }

        clear(jacobian);
        jacobian[X * STATE_SIZE + X] = 1.0;
        jacobian[X * STATE_SIZE + VX] = a;
        jacobian[X * STATE_SIZE + VY] = -b;
        jacobian[X * STATE_SIZE + YAW_RATE] = vx * da - vy * db;
        jacobian[Y * STATE_SIZE + Y] = 1.0;
        jacobian[Y * STATE_SIZE + VX] = b;
        jacobian[Y * STATE_SIZE + VY] = a;
        jacobian[Y * STATE_SIZE + YAW_RATE] = vx * db + vy * da;
        jacobian[VX * STATE_SIZE + VX] = cos;
        jacobian[VX * STATE_SIZE + VY] = -sin;
        jacobian[VX * STATE_SIZE + YAW_RATE] = -dt * sin * vx - dt * cos * vy;
        jacobian[VY * STATE_SIZE + VX] = sin;
        jacobian[VY * STATE_SIZE + VY] = cos;
        jacobian[VY * STATE_SIZE + YAW_RATE] = dt * cos * vx - dt * sin * vy;
        jacobian[YAW * STATE_SIZE + YAW] = 1.0;
        jacobian[YAW * STATE_SIZE + YAW_RATE] = dt;
        jacobian[YAW_RATE * STATE_SIZE + YAW_RATE] = 1.0;

        predicted[X] = state[stateOffset + X] + a * vx - b * vy;
        predicted[Y] = state[stateOffset + Y] + b * vx + a * vy;
        predicted[VX] = cos * vx - sin * vy;
        predicted[VY] = sin * vx + cos * vy;
        predicted[YAW] = Angles.wrap(state[stateOffset + YAW] + angle);
        predicted[YAW_RATE] = omega;
        System.arraycopy(predicted, 0, state, stateOffset, STATE_SIZE);

        propagateCovariance(covariance, covarianceOffset);

        addWhiteAccelerationNoise(covariance, covarianceOffset, dt, square(context.turnAccelerationStd(objectClass)));
        final double yawAccelerationVariance = square(context.yawAccelerationStd(objectClass));
        final double dt2 = dt * dt;
        covariance[covarianceOffset + YAW * STATE_SIZE + YAW] += yawAccelerationVariance * dt2 * dt2 / 4.0;
        covariance[covarianceOffset + YAW * STATE_SIZE + YAW_RATE] += yawAccelerationVariance * dt2 * dt / 2.0;
        covariance[covarianceOffset + YAW_RATE * STATE_SIZE + YAW] += yawAccelerationVariance * dt2 * dt / 2.0;
        covariance[covarianceOffset + YAW_RATE * STATE_SIZE + YAW_RATE] += yawAccelerationVariance * dt2;
    }

    /**
     * EKF update of one model in place with a measurement of selected state components (the
     * measurement matrix is a selection, so {@code S = P[c,c] + R} and {@code K = P[:,c] S^-1}).
     *
     * @return the log-likelihood of the innovation, or negative infinity if S is not positive definite.
     */
    double updateModel(
        final double[] state, final int stateOffset,
        final double[] covariance, final int covarianceOffset,
        final double[] measurement, final double[] noise, final int[] components, final int m)
    {
        for (int i = 0; i < m; i++)
        {
            final int component = components[i];
            final double residual = measurement[i] - state[stateOffset + component];
            innovation[i] = component == YAW ? Angles.wrapAxis(residual) : residual;
            for (int j = 0; j < m; j++)
            {
                innovationCovariance[i * m + j] =
                    covariance[covarianceOffset + component * STATE_SIZE + components[j]] + noise[i * m + j];
            }
        }

        final double logDeterminant =
            SmallMatrix.invertSymmetricPositiveDefinite(innovationCovariance, 0, m, innovationInverse, choleskyScratch);
        if (Double.isNaN(logDeterminant))
        {
            return Double.NEGATIVE_INFINITY;
        }

        // P H' (6 x m), then K = P H' S^-1.
        for (int row = 0; row < STATE_SIZE; row++)
        {
            for (int j = 0; j < m; j++)
            {
                crossCovariance[row * m + j] = covariance[covarianceOffset + row * STATE_SIZE + components[j]];
            }
        }
        SmallMatrix.multiply(crossCovariance, 0, innovationInverse, 0, gain, 0, STATE_SIZE, m, m);

        for (int row = 0; row < STATE_SIZE; row++)
        {
            double correction = 0.0;
            for (int j = 0; j < m; j++)
            {
                correction += gain[row * m + j] * innovation[j];
            }
            state[stateOffset + row] += correction;
        }
        state[stateOffset + YAW] = Angles.wrap(state[stateOffset + YAW]);

        // P = P - K (P H')', which equals P - K S K'.
        SmallMatrix.multiplyTransposed(gain, 0, crossCovariance, 0, product, 0, STATE_SIZE, m, STATE_SIZE);
        for (int i = 0; i < COVARIANCE_SIZE; i++)
        {
            covariance[covarianceOffset + i] -= product[i];
        }
        SmallMatrix.symmetrise(covariance, covarianceOffset, STATE_SIZE);

        double mahalanobis = 0.0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                mahalanobis += innovation[i] * innovationInverse[i * m + j] * innovation[j];
            }
        }

        return -0.5 * (mahalanobis + logDeterminant + m * LOG_TWO_PI);
    }

    /**
     * Element of the Jacobian used by the last single-model prediction, for tests.
     */
    double lastJacobian(final int row, final int column)
    {
        return jacobian[row * STATE_SIZE + column];
    }

    private void mix(final Track track, final double dtSeconds)
    {
        final double switchProbability = Math.min(
            MAX_SWITCH_PROBABILITY, 1.0 - StrictMath.exp(-context.modelSwitchRatePerSecond() * dtSeconds));

        for (int to = 0; to < MODEL_COUNT; to++)
        {
            double normaliser = 0.0;
            for (int from = 0; from < MODEL_COUNT; from++)
            {
                normaliser += transition(from, to, switchProbability) * track.modelProbability[from];
            }
            predictedProbability[to] = normaliser;

            final int toState = to * STATE_SIZE;
            final int toCovariance = to * COVARIANCE_SIZE;
            final double referenceYaw = track.modelState[toState + YAW];
            for (int i = 0; i < STATE_SIZE; i++)
            {
                mixedState[toState + i] = 0.0;
            }
            for (int from = 0; from < MODEL_COUNT; from++)
            {
                final double weight =
                    transition(from, to, switchProbability) * track.modelProbability[from] / normaliser;
                final int fromState = from * STATE_SIZE;
                for (int i = 0; i < STATE_SIZE; i++)
                {
                    final double value = i == YAW ?
                        referenceYaw + Angles.wrap(track.modelState[fromState + YAW] - referenceYaw) :
                        track.modelState[fromState + i];
                    mixedState[toState + i] += weight * value;
                }
            }
            mixedState[toState + YAW] = Angles.wrap(mixedState[toState + YAW]);

            for (int i = 0; i < COVARIANCE_SIZE; i++)
            {
                mixedCovariance[toCovariance + i] = 0.0;
            }
            for (int from = 0; from < MODEL_COUNT; from++)
            {
                final double weight =
                    transition(from, to, switchProbability) * track.modelProbability[from] / normaliser;
                final int fromState = from * STATE_SIZE;
                for (int i = 0; i < STATE_SIZE; i++)
                {
                    final double residual = track.modelState[fromState + i] - mixedState[toState + i];
                    difference[i] = i == YAW ? Angles.wrap(residual) : residual;
                }
                addWeightedSpread(
                    mixedCovariance, toCovariance, track.modelCovariance, from * COVARIANCE_SIZE, weight);
            }
        }
    }

    /**
     * Combined estimate for consumers and for gating: the probability-weighted mean of the models
     * and a covariance that includes the spread between them.
     */
    void combine(final Track track)
    {
        final double referenceYaw = track.modelState[YAW];
        for (int i = 0; i < STATE_SIZE; i++)
        {
            double sum = 0.0;
            for (int model = 0; model < MODEL_COUNT; model++)
            {
                final double value = track.modelState[model * STATE_SIZE + i];
                sum += track.modelProbability[model] *
                    (i == YAW ? referenceYaw + Angles.wrap(value - referenceYaw) : value);
            }
            track.state[i] = i == YAW ? Angles.wrap(sum) : sum;
        }

        for (int i = 0; i < COVARIANCE_SIZE; i++)
        {
            track.covariance[i] = 0.0;
        }
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            for (int i = 0; i < STATE_SIZE; i++)
            {
                final double residual = track.modelState[model * STATE_SIZE + i] - track.state[i];
                difference[i] = i == YAW ? Angles.wrap(residual) : residual;
            }
            addWeightedSpread(
                track.covariance, 0, track.modelCovariance, model * COVARIANCE_SIZE, track.modelProbability[model]);
        }
    }

    private void addWeightedSpread(
        final double[] target, final int targetOffset,
        final double[] covariance, final int covarianceOffset,
        final double weight)
    {
        for (int i = 0; i < STATE_SIZE; i++)
        {
            for (int j = 0; j < STATE_SIZE; j++)
            {
                target[targetOffset + i * STATE_SIZE + j] +=
                    weight * (covariance[covarianceOffset + i * STATE_SIZE + j] + difference[i] * difference[j]);
            }
        }
    }

    private void propagateCovariance(final double[] covariance, final int covarianceOffset)
    {
        // P = F P F'
        SmallMatrix.multiply(jacobian, 0, covariance, covarianceOffset, product, 0, STATE_SIZE, STATE_SIZE, STATE_SIZE);
        SmallMatrix.multiplyTransposed(
            product, 0, jacobian, 0, covariance, covarianceOffset, STATE_SIZE, STATE_SIZE, STATE_SIZE);
    }

    private static void addWhiteAccelerationNoise(
        final double[] covariance, final int offset, final double dt, final double variance)
    {
        // Discrete white-noise acceleration per axis: G q G' with G = [dt^2/2, dt].
        final double dt2 = dt * dt;
        final double positionVariance = variance * dt2 * dt2 / 4.0;
        final double crossVariance = variance * dt2 * dt / 2.0;
        final double velocityVariance = variance * dt2;
        covariance[offset + X * STATE_SIZE + X] += positionVariance;
        covariance[offset + Y * STATE_SIZE + Y] += positionVariance;
        covariance[offset + X * STATE_SIZE + VX] += crossVariance;
        covariance[offset + VX * STATE_SIZE + X] += crossVariance;
        covariance[offset + Y * STATE_SIZE + VY] += crossVariance;
        covariance[offset + VY * STATE_SIZE + Y] += crossVariance;
        covariance[offset + VX * STATE_SIZE + VX] += velocityVariance;
        covariance[offset + VY * STATE_SIZE + VY] += velocityVariance;
    }

    private static double transition(final int from, final int to, final double switchProbability)
    {
        return from == to ? 1.0 - switchProbability : switchProbability;
    }

    private static void normaliseModelProbability(final Track track, final double sum)
    {
        double floored = 0.0;
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            track.modelProbability[model] = Math.max(MIN_MODEL_PROBABILITY, track.modelProbability[model] / sum);
            floored += track.modelProbability[model];
        }
        for (int model = 0; model < MODEL_COUNT; model++)
        {
            track.modelProbability[model] /= floored;
        }
    }

    private static void clear(final double[] array)
    {
        for (int i = 0; i < array.length; i++)
        {
            array[i] = 0.0;
        }
    }

    private static double square(final double value)
    {
        return value * value;
    }
}
