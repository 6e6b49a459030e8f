package io.fusebox.runtime.control;

/**
 * Takes a snapshot of the running drive on request (the seam for {@code drive --snapshot}): the control plane's
 * {@code POST /api/snapshot} calls it on a worker thread, so it may block while the snapshot is written.
 */
@FunctionalInterface
public interface SnapshotTrigger
{
    /**
     * @return where the snapshot went (a file or folder), for the operator.
     * @throws IllegalStateException with the reason when no snapshot can be taken now.
     */
    String takeSnapshot();
}
