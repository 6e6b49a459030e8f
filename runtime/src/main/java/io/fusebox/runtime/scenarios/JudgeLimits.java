package io.fusebox.runtime.scenarios;

/**
 * What a scenario must stay within to pass.
 *
 * @param minGapM          smallest bumper gap to anything ahead in the ego's path, m.
 * @param minTtcS          smallest time to collision to anything ahead in the ego's path, s.
 * @param maxAbsAccelMps2  largest |acceleration| outside emergencies, m/s².
 * @param maxAbsJerkMps3   largest |jerk| outside emergencies, m/s³.
 * @param stoppedMps       below this the ego counts as standing, m/s.
 */
public record JudgeLimits(double minGapM, double minTtcS, double maxAbsAccelMps2, double maxAbsJerkMps3,
    double stoppedMps)
{
    /**
     * The suite's limits: 2 m and 1.5 s to anything ahead in the path (the ego stops 2 m or more behind what
     * stands, and never closes in under 1.5 s), the 3 m/s² comfort limit of the issue on acceleration and braking,
     * and 10 m/s³ on jerk, twice the usual ride-comfort figure, to allow for the actuator's lag following a plan
     * that itself is limited to 3 m/s³.
     */
    public static final JudgeLimits DEFAULT = new JudgeLimits(2.0, 1.5, 3.0, 10.0, 0.05);
}
