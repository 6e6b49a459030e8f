package io.fusebox.planner;

import io.fusebox.sensors.rig.VehicleGeometry;

/**
 * Configuration of a {@link Planner}: the ego body, the horizon, comfort and emergency limits, behaviour
 * thresholds, cost weights and capacities.
 * <p>
 * Setters are fluent; {@link #conclude()} validates every field, naming it and the reason in the error,
 * derives the point count, and freezes the context. Defaults are for a passenger car; the ones a person
 * tunes on a vehicle read system properties.
 */
public final class PlannerContext
{
    public static final String HORIZON_PROP_NAME = "fusebox.planner.horizon.s";
    public static final String EMERGENCY_TTC_PROP_NAME = "fusebox.planner.emergency.ttc.s";
    public static final String TIME_GAP_PROP_NAME = "fusebox.planner.time.gap.s";
    public static final String MAX_SPEED_PROP_NAME = "fusebox.planner.max.speed.mps";
    /** The occupancy grid's value for a cell nothing has seen (probability one half). */
    public static final int UNKNOWN_OCCUPANCY = 128;

    private boolean isConcluded;

    // Ego body, vehicle frame origin at the rear-axle centre.
    private double egoLengthM = 4.9;
    private double egoWidthM = 1.9;
    private double egoRearOverhangM = 1.0;
    private double wheelbaseM = 2.9;

    // Horizon.
    private double horizonS = doubleProperty(HORIZON_PROP_NAME, 5.0);
    private double stepS = 0.1;
    private int pointCount;

    // Limits.
    private double maxSpeedMps = doubleProperty(MAX_SPEED_PROP_NAME, 40.0);
    private double maxAccelerationMps2 = 2.0;
    private double comfortDecelerationMps2 = 3.0;
    private double maxJerkMps3 = 3.0;
    private double emergencyDecelerationMps2 = 8.0;
    private double emergencyJerkMps3 = 30.0;
    private double maxLateralAccelerationMps2 = 2.5;
    private double maxCurvature = 0.2;

    // Following (IDM with the constant-acceleration heuristic: the ACC model of Kesting and Treiber).
    private double timeGapS = doubleProperty(TIME_GAP_PROP_NAME, 1.5);
    private double minGapM = 2.5;
    private double idmComfortDecelerationMps2 = 2.0;
    private double accCoolness = 0.99;
    private double stopDecelerationMps2 = 1.0;

    // Behaviour thresholds.
    private double emergencyTtcS = doubleProperty(EMERGENCY_TTC_PROP_NAME, 1.5);
    private double emergencyReleaseTtcS = 2.5;
    private double anticipationS = 2.0;
    private double anticipationMinLateralSpeedMps = 0.4;
    private double corridorMarginM = 0.3;
    private double blockedSpeedMps = 2.0;
    private double blockedDistanceM = 40.0;
    private double blockedTimeS = 8.0;
    private double blockedPersistenceS = 2.0;
    private double queueGapM = 20.0;
    private double laneChangeSafeDecelerationMps2 = 2.0;
    private double laneChangeMinSpeedMps = 3.0;
    private double parkingSpeedLimitMps = 3.0;
    private double creepSpeedMps = 1.5;
    private double proximityStopDistanceM = 0.8;
    private double nearFieldRangeM = 6.0;
    private int occupiedThreshold = 160;
    private double speedResetThresholdMps = 1.5;
    private double maxLaneDistanceM = 6.0;

    // Tracked objects and their uncertainty.
    private double minExistence = 0.5;
    private boolean useTentativeTracks = false;
    private double covarianceSigmas = 2.0;
    private double maxInflationM = 1.0;
    private double establishedVelocityStdMps = 1.0;
    private double safetyMarginM = 0.15;
    private double safeDistanceM = 1.0;
    private double minSafeDistanceM = 0.2;
    private double safeDistanceTimeS = 0.1;

    // Lateral sampling.
    private double keepLaneLateralTimeS = 3.0;
    private double laneChangeTimeS = 4.5;
    private double laneChangeSlowTimeS = 6.5;
    private double minLateralDistanceM = 12.0;
    private double minLaneChangeDistanceM = 18.0;

    // Speed profiles: desired speed factors and time gap factors, one pair per profile.
    private double slowProfileSpeedFactor = 0.5;
    private double relaxedProfileTimeGapFactor = 1.5;

    // Cost weights.
    private double safetyWeight = 10.0;
    private double accelerationWeight = 0.5;
    private double jerkWeight = 0.1;
    private double lateralAccelerationWeight = 0.5;
    private double progressWeight = 1.0;
    private double lateralOffsetWeight = 1.0;
    private double laneChangePenalty = 20.0;

    // Capacities.
    private int maxObjects = 256;
    private int maxLanes = 64;
    private double referenceSpacingM = 1.0;
    private double referenceBackM = 10.0;
    private int maxReferencePoints = 512;

    /**
     * Validates every field, derives the point count, and freezes the context.
     *
     * @return this, for chaining.
     * @throws IllegalArgumentException naming the first field that is out of range and why.
     */
    public PlannerContext conclude()
    {
        if (isConcluded)
        {
            return this;
        }

        require(egoLengthM > 0, "egoLengthM", "must be > 0", egoLengthM);
        require(egoWidthM > 0, "egoWidthM", "must be > 0", egoWidthM);
        require(egoRearOverhangM >= 0 && egoRearOverhangM < egoLengthM, "egoRearOverhangM",
            "must be in [0, egoLengthM)", egoRearOverhangM);
        require(wheelbaseM > 0, "wheelbaseM", "must be > 0", wheelbaseM);

        require(stepS > 0, "stepS", "must be > 0", stepS);
        require(horizonS >= stepS, "horizonS", "must be >= stepS", horizonS);
        final double steps = horizonS / stepS;
        require(Math.abs(steps - Math.rint(steps)) < 1e-6, "horizonS", "must be a whole number of steps of stepS",
            horizonS);
        require(Math.rint(steps) <= 1000, "horizonS", "must be at most 1000 steps", horizonS);

        require(maxSpeedMps > 0, "maxSpeedMps", "must be > 0", maxSpeedMps);
        require(maxAccelerationMps2 > 0, "maxAccelerationMps2", "must be > 0", maxAccelerationMps2);
        require(comfortDecelerationMps2 > 0, "comfortDecelerationMps2", "must be > 0", comfortDecelerationMps2);
        require(maxJerkMps3 > 0, "maxJerkMps3", "must be > 0", maxJerkMps3);
        require(emergencyDecelerationMps2 >= comfortDecelerationMps2, "emergencyDecelerationMps2",
            "must be >= comfortDecelerationMps2", emergencyDecelerationMps2);
        require(emergencyJerkMps3 >= maxJerkMps3, "emergencyJerkMps3", "must be >= maxJerkMps3", emergencyJerkMps3);
        require(maxLateralAccelerationMps2 > 0, "maxLateralAccelerationMps2", "must be > 0",
            maxLateralAccelerationMps2);
        require(maxCurvature > 0, "maxCurvature", "must be > 0", maxCurvature);

        require(timeGapS > 0, "timeGapS", "must be > 0", timeGapS);
        require(minGapM > 0, "minGapM", "must be > 0", minGapM);
        require(idmComfortDecelerationMps2 > 0 && idmComfortDecelerationMps2 <= comfortDecelerationMps2,
            "idmComfortDecelerationMps2", "must be in (0, comfortDecelerationMps2]", idmComfortDecelerationMps2);
        require(accCoolness >= 0 && accCoolness <= 1, "accCoolness", "must be in [0, 1]", accCoolness);
        require(stopDecelerationMps2 > 0 && stopDecelerationMps2 <= idmComfortDecelerationMps2,
            "stopDecelerationMps2", "must be in (0, idmComfortDecelerationMps2]", stopDecelerationMps2);

        require(emergencyTtcS > 0 && emergencyTtcS <= horizonS, "emergencyTtcS", "must be in (0, horizonS]",
            emergencyTtcS);
        require(emergencyReleaseTtcS >= emergencyTtcS, "emergencyReleaseTtcS", "must be >= emergencyTtcS",
            emergencyReleaseTtcS);
        require(anticipationS >= 0, "anticipationS", "must be >= 0", anticipationS);
        require(anticipationMinLateralSpeedMps >= 0, "anticipationMinLateralSpeedMps", "must be >= 0",
            anticipationMinLateralSpeedMps);
        require(corridorMarginM >= 0, "corridorMarginM", "must be >= 0", corridorMarginM);
        require(blockedSpeedMps >= 0, "blockedSpeedMps", "must be >= 0", blockedSpeedMps);
        require(blockedDistanceM > 0, "blockedDistanceM", "must be > 0", blockedDistanceM);
        require(blockedTimeS >= 0, "blockedTimeS", "must be >= 0", blockedTimeS);
        require(blockedPersistenceS >= 0, "blockedPersistenceS", "must be >= 0", blockedPersistenceS);
        require(queueGapM >= 0, "queueGapM", "must be >= 0", queueGapM);
        require(laneChangeSafeDecelerationMps2 > 0, "laneChangeSafeDecelerationMps2", "must be > 0",
            laneChangeSafeDecelerationMps2);
        require(laneChangeMinSpeedMps >= 0, "laneChangeMinSpeedMps", "must be >= 0", laneChangeMinSpeedMps);
        require(parkingSpeedLimitMps >= 0, "parkingSpeedLimitMps", "must be >= 0", parkingSpeedLimitMps);
        require(creepSpeedMps > 0, "creepSpeedMps", "must be > 0", creepSpeedMps);
        require(proximityStopDistanceM >= 0, "proximityStopDistanceM", "must be >= 0", proximityStopDistanceM);
        require(nearFieldRangeM >= proximityStopDistanceM, "nearFieldRangeM", "must be >= proximityStopDistanceM",
            nearFieldRangeM);
        require(occupiedThreshold > UNKNOWN_OCCUPANCY && occupiedThreshold <= 255, "occupiedThreshold",
            "must be in (" + UNKNOWN_OCCUPANCY + ", 255]: " + UNKNOWN_OCCUPANCY + " is unknown, not occupied",
            occupiedThreshold);
        require(speedResetThresholdMps > 0, "speedResetThresholdMps", "must be > 0", speedResetThresholdMps);
        require(maxLaneDistanceM > 0, "maxLaneDistanceM", "must be > 0", maxLaneDistanceM);

        require(minExistence >= 0 && minExistence <= 1, "minExistence", "must be in [0, 1]", minExistence);
        require(covarianceSigmas >= 0, "covarianceSigmas", "must be >= 0", covarianceSigmas);
        require(maxInflationM >= 0, "maxInflationM", "must be >= 0", maxInflationM);
        require(establishedVelocityStdMps > 0, "establishedVelocityStdMps", "must be > 0", establishedVelocityStdMps);
        require(safetyMarginM >= 0, "safetyMarginM", "must be >= 0", safetyMarginM);
        require(safeDistanceM >= 0, "safeDistanceM", "must be >= 0", safeDistanceM);
        require(minSafeDistanceM >= 0 && minSafeDistanceM <= safeDistanceM, "minSafeDistanceM",
            "must be in [0, safeDistanceM]", minSafeDistanceM);
        require(safeDistanceTimeS >= 0, "safeDistanceTimeS", "must be >= 0", safeDistanceTimeS);

        require(keepLaneLateralTimeS > 0, "keepLaneLateralTimeS", "must be > 0", keepLaneLateralTimeS);
        require(laneChangeTimeS > 0, "laneChangeTimeS", "must be > 0", laneChangeTimeS);
        require(laneChangeSlowTimeS >= laneChangeTimeS, "laneChangeSlowTimeS", "must be >= laneChangeTimeS",
            laneChangeSlowTimeS);
        require(minLateralDistanceM > 0, "minLateralDistanceM", "must be > 0", minLateralDistanceM);
        require(minLaneChangeDistanceM >= minLateralDistanceM, "minLaneChangeDistanceM",
            "must be >= minLateralDistanceM", minLaneChangeDistanceM);

        require(slowProfileSpeedFactor > 0 && slowProfileSpeedFactor < 1, "slowProfileSpeedFactor",
            "must be in (0, 1)", slowProfileSpeedFactor);
        require(relaxedProfileTimeGapFactor >= 1, "relaxedProfileTimeGapFactor", "must be >= 1",
            relaxedProfileTimeGapFactor);

        require(safetyWeight >= 0, "safetyWeight", "must be >= 0", safetyWeight);
        require(accelerationWeight >= 0, "accelerationWeight", "must be >= 0", accelerationWeight);
        require(jerkWeight >= 0, "jerkWeight", "must be >= 0", jerkWeight);
        require(lateralAccelerationWeight >= 0, "lateralAccelerationWeight", "must be >= 0",
            lateralAccelerationWeight);
        require(progressWeight >= 0, "progressWeight", "must be >= 0", progressWeight);
        require(lateralOffsetWeight >= 0, "lateralOffsetWeight", "must be >= 0", lateralOffsetWeight);
        require(laneChangePenalty >= 0, "laneChangePenalty", "must be >= 0", laneChangePenalty);

        require(maxObjects >= 1 && maxObjects <= 65535, "maxObjects", "must be in [1, 65535]", maxObjects);
        require(maxLanes >= 1, "maxLanes", "must be >= 1", maxLanes);
        require(referenceSpacingM > 0, "referenceSpacingM", "must be > 0", referenceSpacingM);
        require(referenceBackM >= 0, "referenceBackM", "must be >= 0", referenceBackM);
        require(maxReferencePoints >= 3, "maxReferencePoints", "must be >= 3", maxReferencePoints);
        final double reach = referenceBackM + maxSpeedMps * horizonS + minGapM + egoLengthM;
        require((maxReferencePoints - 1) * referenceSpacingM >= reach, "maxReferencePoints",
            "must cover referenceBackM plus maxSpeedMps over the horizon (" + Math.ceil(reach) + " m)",
            maxReferencePoints);

        pointCount = (int)Math.rint(steps);
        isConcluded = true;
        return this;
    }

    public boolean isConcluded()
    {
        return isConcluded;
    }

    /** Trajectory points: horizonS / stepS, at tOffset = step, 2 step, ... horizonS. Derived by conclude(). */
    public int pointCount()
    {
        return pointCount;
    }

    /**
     * The ego's dimensions from the rig: length, width, rear overhang and wheelbase.
     */
    public PlannerContext vehicle(final VehicleGeometry vehicle)
    {
        return egoLengthM(vehicle.lengthM())
            .egoWidthM(vehicle.widthM())
            .egoRearOverhangM(vehicle.rearOverhangM())
            .wheelbaseM(vehicle.wheelbaseM());
    }

    public PlannerContext egoLengthM(final double value)
    {
        checkMutable();
        egoLengthM = value;
        return this;
    }

    public double egoLengthM()
    {
        return egoLengthM;
    }

    public PlannerContext egoWidthM(final double value)
    {
        checkMutable();
        egoWidthM = value;
        return this;
    }

    public double egoWidthM()
    {
        return egoWidthM;
    }

    public PlannerContext egoRearOverhangM(final double value)
    {
        checkMutable();
        egoRearOverhangM = value;
        return this;
    }

    /** Rear bumper's distance behind the rear axle, the vehicle frame's origin. */
    public double egoRearOverhangM()
    {
        return egoRearOverhangM;
    }

    public PlannerContext wheelbaseM(final double value)
    {
        checkMutable();
        wheelbaseM = value;
        return this;
    }

    public double wheelbaseM()
    {
        return wheelbaseM;
    }

    public PlannerContext horizonS(final double value)
    {
        checkMutable();
        horizonS = value;
        return this;
    }

    public double horizonS()
    {
        return horizonS;
    }

    public PlannerContext stepS(final double value)
    {
        checkMutable();
        stepS = value;
        return this;
    }

    public double stepS()
    {
        return stepS;
    }

    public PlannerContext maxSpeedMps(final double value)
    {
        checkMutable();
        maxSpeedMps = value;
        return this;
    }

    /** Cap on the desired speed whatever the lane allows. */
    public double maxSpeedMps()
    {
        return maxSpeedMps;
    }

    public PlannerContext maxAccelerationMps2(final double value)
    {
        checkMutable();
        maxAccelerationMps2 = value;
        return this;
    }

    public double maxAccelerationMps2()
    {
        return maxAccelerationMps2;
    }

    public PlannerContext comfortDecelerationMps2(final double value)
    {
        checkMutable();
        comfortDecelerationMps2 = value;
        return this;
    }

    /** Hardest braking outside an emergency. */
    public double comfortDecelerationMps2()
    {
        return comfortDecelerationMps2;
    }

    public PlannerContext maxJerkMps3(final double value)
    {
        checkMutable();
        maxJerkMps3 = value;
        return this;
    }

    public double maxJerkMps3()
    {
        return maxJerkMps3;
    }

    public PlannerContext emergencyDecelerationMps2(final double value)
    {
        checkMutable();
        emergencyDecelerationMps2 = value;
        return this;
    }

    public double emergencyDecelerationMps2()
    {
        return emergencyDecelerationMps2;
    }

    public PlannerContext emergencyJerkMps3(final double value)
    {
        checkMutable();
        emergencyJerkMps3 = value;
        return this;
    }

    public double emergencyJerkMps3()
    {
        return emergencyJerkMps3;
    }

    public PlannerContext maxLateralAccelerationMps2(final double value)
    {
        checkMutable();
        maxLateralAccelerationMps2 = value;
        return this;
    }

    public double maxLateralAccelerationMps2()
    {
        return maxLateralAccelerationMps2;
    }

    public PlannerContext maxCurvature(final double value)
    {
        checkMutable();
        maxCurvature = value;
        return this;
    }

    public double maxCurvature()
    {
        return maxCurvature;
    }

    public PlannerContext timeGapS(final double value)
    {
        checkMutable();
        timeGapS = value;
        return this;
    }

    /** Desired time headway to a lead. */
    public double timeGapS()
    {
        return timeGapS;
    }

    public PlannerContext minGapM(final double value)
    {
        checkMutable();
        minGapM = value;
        return this;
    }

    /** Bumper-to-bumper gap kept at standstill. */
    public double minGapM()
    {
        return minGapM;
    }

    public PlannerContext idmComfortDecelerationMps2(final double value)
    {
        checkMutable();
        idmComfortDecelerationMps2 = value;
        return this;
    }

    /** The IDM's b: how hard the follower likes to brake. */
    public double idmComfortDecelerationMps2()
    {
        return idmComfortDecelerationMps2;
    }

    public PlannerContext accCoolness(final double value)
    {
        checkMutable();
        accCoolness = value;
        return this;
    }

    /** The ACC model's c: 0 is plain IDM, near 1 stays calm when a faster car cuts in close. */
    public double accCoolness()
    {
        return accCoolness;
    }

    public PlannerContext stopDecelerationMps2(final double value)
    {
        checkMutable();
        stopDecelerationMps2 = value;
        return this;
    }

    /**
     * The constant deceleration of a stop behind something standing (a wall, a queue, a red light): the ego holds its
     * speed until stopping at the minimum gap needs this much, then brakes at it.
     */
    public double stopDecelerationMps2()
    {
        return stopDecelerationMps2;
    }

    public PlannerContext emergencyTtcS(final double value)
    {
        checkMutable();
        emergencyTtcS = value;
        return this;
    }

    /** Time to collision, at constant speed on the current path, below which the planner stops hard. */
    public double emergencyTtcS()
    {
        return emergencyTtcS;
    }

    public PlannerContext emergencyReleaseTtcS(final double value)
    {
        checkMutable();
        emergencyReleaseTtcS = value;
        return this;
    }

    /** An emergency ends once time to collision is above this (hysteresis) or the ego has stopped. */
    public double emergencyReleaseTtcS()
    {
        return emergencyReleaseTtcS;
    }

    public PlannerContext anticipationS(final double value)
    {
        checkMutable();
        anticipationS = value;
        return this;
    }

    /** How far ahead in time an object's lateral motion counts when deciding whether it is in the path. */
    public double anticipationS()
    {
        return anticipationS;
    }

    public PlannerContext anticipationMinLateralSpeedMps(final double value)
    {
        checkMutable();
        anticipationMinLateralSpeedMps = value;
        return this;
    }

    /** Lateral speed below which an object is taken to hold its line (track noise is not a cut-in). */
    public double anticipationMinLateralSpeedMps()
    {
        return anticipationMinLateralSpeedMps;
    }

    public PlannerContext corridorMarginM(final double value)
    {
        checkMutable();
        corridorMarginM = value;
        return this;
    }

    /** Added to the ego's half width on each side when deciding what is in its path. */
    public double corridorMarginM()
    {
        return corridorMarginM;
    }

    public PlannerContext blockedSpeedMps(final double value)
    {
        checkMutable();
        blockedSpeedMps = value;
        return this;
    }

    /** A lead slower than this, close enough, makes the lane blocked: lane changes are considered. */
    public double blockedSpeedMps()
    {
        return blockedSpeedMps;
    }

    public PlannerContext blockedDistanceM(final double value)
    {
        checkMutable();
        blockedDistanceM = value;
        return this;
    }

    public double blockedDistanceM()
    {
        return blockedDistanceM;
    }

    public PlannerContext blockedTimeS(final double value)
    {
        checkMutable();
        blockedTimeS = value;
        return this;
    }

    /** A blocker counts within max(blockedDistanceM, speed * blockedTimeS). */
    public double blockedTimeS()
    {
        return blockedTimeS;
    }

    public PlannerContext blockedPersistenceS(final double value)
    {
        checkMutable();
        blockedPersistenceS = value;
        return this;
    }

    /** The same blocker (by track id) must have stood in the way this long before the lane counts as blocked. */
    public double blockedPersistenceS()
    {
        return blockedPersistenceS;
    }

    public PlannerContext queueGapM(final double value)
    {
        checkMutable();
        queueGapM = value;
        return this;
    }

    /**
     * A slow lead with another slow object within this gap ahead of it, in its lane, is a queue (traffic), not a
     * blocker: changing lanes out of a jam only to meet the next wave helps nobody.
     */
    public double queueGapM()
    {
        return queueGapM;
    }

    public PlannerContext laneChangeSafeDecelerationMps2(final double value)
    {
        checkMutable();
        laneChangeSafeDecelerationMps2 = value;
        return this;
    }

    /** A lane change is refused if the new follower would have to brake harder than this (MOBIL's safety). */
    public double laneChangeSafeDecelerationMps2()
    {
        return laneChangeSafeDecelerationMps2;
    }

    public PlannerContext laneChangeMinSpeedMps(final double value)
    {
        checkMutable();
        laneChangeMinSpeedMps = value;
        return this;
    }

    /** Below this speed (and stopped behind a blocker) lane changes use the minimum lateral distance. */
    public double laneChangeMinSpeedMps()
    {
        return laneChangeMinSpeedMps;
    }

    public PlannerContext parkingSpeedLimitMps(final double value)
    {
        checkMutable();
        parkingSpeedLimitMps = value;
        return this;
    }

    /** A lane whose limit is at or below this is a parking aisle: the ego creeps. */
    public double parkingSpeedLimitMps()
    {
        return parkingSpeedLimitMps;
    }

    public PlannerContext creepSpeedMps(final double value)
    {
        checkMutable();
        creepSpeedMps = value;
        return this;
    }

    public double creepSpeedMps()
    {
        return creepSpeedMps;
    }

    public PlannerContext proximityStopDistanceM(final double value)
    {
        checkMutable();
        proximityStopDistanceM = value;
        return this;
    }

    /** Anything this close ahead of the front bumper, in the corridor, stops the ego at once. */
    public double proximityStopDistanceM()
    {
        return proximityStopDistanceM;
    }

    public PlannerContext nearFieldRangeM(final double value)
    {
        checkMutable();
        nearFieldRangeM = value;
        return this;
    }

    /** How far ahead of the front bumper occupied grid cells count as obstacles (ultrasonic reach). */
    public double nearFieldRangeM()
    {
        return nearFieldRangeM;
    }

    public PlannerContext occupiedThreshold(final int value)
    {
        checkMutable();
        occupiedThreshold = value;
        return this;
    }

    /**
     * An occupancy cell at or above this (0 free .. 255 occupied) is an obstacle. Above {@link #UNKNOWN_OCCUPANCY},
     * with a margin: the ground just ahead of the bumper is in every sensor's blind zone and stays unknown, and a
     * cell whose evidence fades drifts back to unknown; neither is an obstacle to stop for.
     */
    public int occupiedThreshold()
    {
        return occupiedThreshold;
    }

    public PlannerContext speedResetThresholdMps(final double value)
    {
        checkMutable();
        speedResetThresholdMps = value;
        return this;
    }

    /**
     * A plan starts from the previous plan's speed and acceleration at the new time (smooth replanning) unless
     * the measured speed differs by more than this; then from the measured state.
     */
    public double speedResetThresholdMps()
    {
        return speedResetThresholdMps;
    }

    public PlannerContext maxLaneDistanceM(final double value)
    {
        checkMutable();
        maxLaneDistanceM = value;
        return this;
    }

    /** Farther than this from every lane the ego is off the map: it stops under control. */
    public double maxLaneDistanceM()
    {
        return maxLaneDistanceM;
    }

    public PlannerContext minExistence(final double value)
    {
        checkMutable();
        minExistence = value;
        return this;
    }

    public double minExistence()
    {
        return minExistence;
    }

    public PlannerContext useTentativeTracks(final boolean value)
    {
        checkMutable();
        useTentativeTracks = value;
        return this;
    }

    public boolean useTentativeTracks()
    {
        return useTentativeTracks;
    }

    public PlannerContext covarianceSigmas(final double value)
    {
        checkMutable();
        covarianceSigmas = value;
        return this;
    }

    /** An object's footprint grows by this many standard deviations of its predicted position. */
    public double covarianceSigmas()
    {
        return covarianceSigmas;
    }

    public PlannerContext establishedVelocityStdMps(final double value)
    {
        checkMutable();
        establishedVelocityStdMps = value;
        return this;
    }

    /**
     * A track's velocity counts in full once its standard deviation is within this; a less certain one (a young
     * track: its first two measurements, tens of milliseconds apart, can give tens of m/s) is scaled down by the
     * ratio of the variances before it moves the track's predicted footprint, so a velocity not yet established
     * cannot sweep a track across the ego's path and into an emergency stop.
     */
    public double establishedVelocityStdMps()
    {
        return establishedVelocityStdMps;
    }

    public PlannerContext maxInflationM(final double value)
    {
        checkMutable();
        maxInflationM = value;
        return this;
    }

    /** Cap on that growth, so one poorly observed track cannot block the road. */
    public double maxInflationM()
    {
        return maxInflationM;
    }

    public PlannerContext safetyMarginM(final double value)
    {
        checkMutable();
        safetyMarginM = value;
        return this;
    }

    /** Added around the ego's footprint in collision checks. */
    public double safetyMarginM()
    {
        return safetyMarginM;
    }

    public PlannerContext safeDistanceM(final double value)
    {
        checkMutable();
        safeDistanceM = value;
        return this;
    }

    /**
     * Clearance below which the safety cost grows, at speed: the margin is
     * {@code min(safeDistanceM, minSafeDistanceM + safeDistanceTimeS * speed)}, so a car creeping down a parking aisle
     * may pass a pillar closer than one at highway speed passes a truck.
     */
    public double safeDistanceM()
    {
        return safeDistanceM;
    }

    public PlannerContext minSafeDistanceM(final double value)
    {
        checkMutable();
        minSafeDistanceM = value;
        return this;
    }

    /** The safety margin at standstill. */
    public double minSafeDistanceM()
    {
        return minSafeDistanceM;
    }

    public PlannerContext safeDistanceTimeS(final double value)
    {
        checkMutable();
        safeDistanceTimeS = value;
        return this;
    }

    /** How fast the safety margin grows with speed, metres per m/s. */
    public double safeDistanceTimeS()
    {
        return safeDistanceTimeS;
    }

    public PlannerContext keepLaneLateralTimeS(final double value)
    {
        checkMutable();
        keepLaneLateralTimeS = value;
        return this;
    }

    /** Return to the lane centre over speed times this (at least minLateralDistanceM). */
    public double keepLaneLateralTimeS()
    {
        return keepLaneLateralTimeS;
    }

    public PlannerContext laneChangeTimeS(final double value)
    {
        checkMutable();
        laneChangeTimeS = value;
        return this;
    }

    public double laneChangeTimeS()
    {
        return laneChangeTimeS;
    }

    public PlannerContext laneChangeSlowTimeS(final double value)
    {
        checkMutable();
        laneChangeSlowTimeS = value;
        return this;
    }

    /** The second, gentler lane change offered beside the one over laneChangeTimeS. */
    public double laneChangeSlowTimeS()
    {
        return laneChangeSlowTimeS;
    }

    public PlannerContext minLateralDistanceM(final double value)
    {
        checkMutable();
        minLateralDistanceM = value;
        return this;
    }

    public double minLateralDistanceM()
    {
        return minLateralDistanceM;
    }

    public PlannerContext minLaneChangeDistanceM(final double value)
    {
        checkMutable();
        minLaneChangeDistanceM = value;
        return this;
    }

    /** Shortest distance a lane change is spread over, so it stays steerable from standstill. */
    public double minLaneChangeDistanceM()
    {
        return minLaneChangeDistanceM;
    }

    public PlannerContext slowProfileSpeedFactor(final double value)
    {
        checkMutable();
        slowProfileSpeedFactor = value;
        return this;
    }

    /** One speed profile aims at this fraction of the desired speed. */
    public double slowProfileSpeedFactor()
    {
        return slowProfileSpeedFactor;
    }

    public PlannerContext relaxedProfileTimeGapFactor(final double value)
    {
        checkMutable();
        relaxedProfileTimeGapFactor = value;
        return this;
    }

    /** One speed profile keeps this multiple of the time gap. */
    public double relaxedProfileTimeGapFactor()
    {
        return relaxedProfileTimeGapFactor;
    }

    public PlannerContext safetyWeight(final double value)
    {
        checkMutable();
        safetyWeight = value;
        return this;
    }

    public double safetyWeight()
    {
        return safetyWeight;
    }

    public PlannerContext accelerationWeight(final double value)
    {
        checkMutable();
        accelerationWeight = value;
        return this;
    }

    public double accelerationWeight()
    {
        return accelerationWeight;
    }

    public PlannerContext jerkWeight(final double value)
    {
        checkMutable();
        jerkWeight = value;
        return this;
    }

    public double jerkWeight()
    {
        return jerkWeight;
    }

    public PlannerContext lateralAccelerationWeight(final double value)
    {
        checkMutable();
        lateralAccelerationWeight = value;
        return this;
    }

    public double lateralAccelerationWeight()
    {
        return lateralAccelerationWeight;
    }

    public PlannerContext progressWeight(final double value)
    {
        checkMutable();
        progressWeight = value;
        return this;
    }

    /** Weight of the mean squared shortfall from the desired speed. */
    public double progressWeight()
    {
        return progressWeight;
    }

    public PlannerContext lateralOffsetWeight(final double value)
    {
        checkMutable();
        lateralOffsetWeight = value;
        return this;
    }

    public double lateralOffsetWeight()
    {
        return lateralOffsetWeight;
    }

    public PlannerContext laneChangePenalty(final double value)
    {
        checkMutable();
        laneChangePenalty = value;
        return this;
    }

    /** Fixed cost of starting a lane change: it must buy at least this much. */
    public double laneChangePenalty()
    {
        return laneChangePenalty;
    }

    public PlannerContext maxObjects(final int value)
    {
        checkMutable();
        maxObjects = value;
        return this;
    }

    /** Objects taken from one world model, in message order; the rest are counted, not planned around. */
    public int maxObjects()
    {
        return maxObjects;
    }

    public PlannerContext maxLanes(final int value)
    {
        checkMutable();
        maxLanes = value;
        return this;
    }

    public int maxLanes()
    {
        return maxLanes;
    }

    public PlannerContext referenceSpacingM(final double value)
    {
        checkMutable();
        referenceSpacingM = value;
        return this;
    }

    public double referenceSpacingM()
    {
        return referenceSpacingM;
    }

    public PlannerContext referenceBackM(final double value)
    {
        checkMutable();
        referenceBackM = value;
        return this;
    }

    /** The reference path starts this far behind the ego, so objects just behind it have Frenet coordinates. */
    public double referenceBackM()
    {
        return referenceBackM;
    }

    public PlannerContext maxReferencePoints(final int value)
    {
        checkMutable();
        maxReferencePoints = value;
        return this;
    }

    public int maxReferencePoints()
    {
        return maxReferencePoints;
    }

    public String toString()
    {
        return "PlannerContext{horizonS=" + horizonS + ", stepS=" + stepS + ", maxSpeedMps=" + maxSpeedMps +
            ", comfortDecelerationMps2=" + comfortDecelerationMps2 + ", maxJerkMps3=" + maxJerkMps3 +
            ", timeGapS=" + timeGapS + ", emergencyTtcS=" + emergencyTtcS + ", maxObjects=" + maxObjects + "}";
    }

    private void checkMutable()
    {
        if (isConcluded)
        {
            throw new IllegalStateException("PlannerContext is concluded; it cannot change");
        }
    }

    private static void require(final boolean condition, final String field, final String reason, final Object value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("PlannerContext." + field + " " + reason + ", was " + value);
        }
    }

    private static double doubleProperty(final String name, final double defaultValue)
    {
        final String value = System.getProperty(name);
        return null == value ? defaultValue : Double.parseDouble(value);
    }
}
