package io.fusebox.runtime.scenarios;

import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioJudgeTest
{
    private static final long HANDOVER_NS = 2_000_000_000L;
    private static final long CYCLE_NS = 100_000_000L;

    @Test
    void countsEachEmergencyStopOnceAndOnlyFromTheHandover()
    {
        final ScenarioJudge judge = new ScenarioJudge(RigLoader.loadDefault().vehicle(), HANDOVER_NS);
        long t = 0;
        // Before the handover the planner does not drive: its emergencies are not counted.
        for (int i = 0; i < 5; i++)
        {
            judge.emergency(true, t += CYCLE_NS);
        }
        judge.emergency(false, t += CYCLE_NS);
        assertEquals(0, judge.emergencyStops());

        t = HANDOVER_NS;
        // One stop of three cycles, a plan without, then another of one cycle.
        judge.emergency(true, t += CYCLE_NS);
        judge.emergency(true, t += CYCLE_NS);
        judge.emergency(true, t += CYCLE_NS);
        judge.emergency(false, t += CYCLE_NS);
        judge.emergency(true, t += CYCLE_NS);
        judge.emergency(false, t += CYCLE_NS);
        assertEquals(2, judge.emergencyStops());
    }

    @Test
    void theGapAheadIsTheNearestPointOfAFootprintWithinTheEgosCorridor()
    {
        final double corridorHalf = 0.95;
        // A car straight ahead, along the ego: its rear face.
        assertEquals(7.7, ScenarioJudge.nearestInCorridor(10, 0, 0, 2.3, 0.95, corridorHalf), 1e-9);
        // A car across the corridor, turned a quarter: its side.
        assertEquals(9.05, ScenarioJudge.nearestInCorridor(10, 0.5, Math.PI / 2, 2.3, 0.95, corridorHalf), 1e-9);
        // An 18.3 m end wall 0.3 m thick, slanted 3 degrees, its centre 1.3 m to the left: its face in the corridor is
        // 6.25 m ahead give or take the slant (6.25 +- 0.12); projecting the whole wall on the axis put it 0.5 m nearer.
        final double wall = ScenarioJudge.nearestInCorridor(6.4, 1.3, Math.toRadians(93), 9.15, 0.15, corridorHalf);
        assertTrue(wall > 6.1 && wall < 6.3, "wall face at " + wall);
        // A parked car beside the corridor is not in the ego's path.
        assertTrue(Double.isNaN(ScenarioJudge.nearestInCorridor(8, 4.0, Math.PI / 2, 2.3, 0.95, corridorHalf)));
    }
}
