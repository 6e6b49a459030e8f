/**
 * The world model as the planner reads it: {@link io.fusebox.planner.scene.Scene}, decoded with the SBE flyweight
 * into preallocated arrays and placed in the Frenet frame of the reference path.
 */
package io.fusebox.planner.scene;
