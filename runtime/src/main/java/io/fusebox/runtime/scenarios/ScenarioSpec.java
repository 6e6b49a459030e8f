package io.fusebox.runtime.scenarios;

/**
 * One scenario of the suite: which, how long it is driven, and its goal.
 *
 * @param name        a scenario of the simulator's catalogue.
 * @param seconds     message time driven.
 * @param goalM       distance the ego must have driven by the end, m.
 * @param mustStop    the ego must be standing at the end (it parks).
 * @param mayEmergencyStop an emergency stop is the right answer somewhere in it (a child running out from behind a
 *                    van); elsewhere one is a failure: the planner saw danger too late, or saw danger that was not.
 */
public record ScenarioSpec(String name, double seconds, double goalM, boolean mustStop, boolean mayEmergencyStop)
{
}
