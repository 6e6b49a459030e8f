/**
 * Driving behaviour models: {@link io.fusebox.planner.behaviour.AccModel}, the IDM blended with the
 * constant-acceleration heuristic, which every speed profile follows.
 */
package io.fusebox.planner.behaviour;
