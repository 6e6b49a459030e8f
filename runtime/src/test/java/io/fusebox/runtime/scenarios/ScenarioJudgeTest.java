package io.fusebox.runtime.scenarios;

import io.fusebox.sensors.rig.RigLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
