package io.fusebox.runtime.fusion.tracking;

/**
 * Where a track is in its life: tentative until enough evidence confirms it, confirmed while it is
 * updated, coasting on prediction alone while it is not, and deleted when its existence or its
 * coasting time runs out.
 */
public enum TrackStatus
{
    TENTATIVE,
    CONFIRMED,
    COASTING,
    DELETED
}
