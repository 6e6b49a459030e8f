package io.fusebox.runtime.scenarios;

import io.fusebox.runtime.fusion.evaluation.GroundTruthScore;

/**
 * How a scenario went and the verdict.
 *
 * @param name              scenario.
 * @param passed            every criterion met.
 * @param reason            the criteria not met, or "ok".
 * @param collisions        ego-actor contacts.
 * @param minGapM           smallest bumper gap to anything ahead in the ego's path.
 * @param minTtcS           smallest time to collision to anything ahead in the ego's path.
 * @param maxAbsAccelMps2   largest |acceleration| outside emergencies.
 * @param maxAbsJerkMps3    largest |jerk| outside emergencies.
 * @param distanceM         driven.
 * @param finalSpeedMps     at the end.
 * @param emergencyStops    emergency stops begun once the planner had the wheel.
 * @param plans             planning cycles.
 * @param degradedDetected  for scenarios with sensor failures: fusion marked every failed sensor missing.
 * @param fusion            fusion against ground truth.
 * @param wallS             wall time of the run.
 */
public record ScenarioResult(
    String name,
    boolean passed,
    String reason,
    long collisions,
    double minGapM,
    double minTtcS,
    double maxAbsAccelMps2,
    double maxAbsJerkMps3,
    double distanceM,
    double finalSpeedMps,
    long emergencyStops,
    long plans,
    boolean degradedDetected,
    GroundTruthScore fusion,
    double wallS)
{
}
