/**
 * {@code replay --verify}: produced world models and trajectories against the recorded ones, byte for
 * byte and in order, naming the first divergent field.
 */
package io.fusebox.replay.verify;
