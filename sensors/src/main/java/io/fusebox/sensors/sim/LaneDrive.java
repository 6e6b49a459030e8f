package io.fusebox.sensors.sim;

import java.util.List;

/**
 * Lane-following motion: start at {@code startS} on {@code lane} with {@code startSpeedMps}, drive
 * towards the desired speed with the IDM against whatever is ahead, obey stop lines, and make
 * the scripted lane changes.
 */
record LaneDrive(
    Lane lane,
    double startS,
    double startSpeedMps,
    SpeedProfile desiredSpeed,
    IdmParameters idm,
    List<LaneChange> laneChanges)
{
    LaneDrive
    {
        laneChanges = List.copyOf(laneChanges);
    }
}
