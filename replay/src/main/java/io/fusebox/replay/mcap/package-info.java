/**
 * MCAP export of drive logs, written to the MCAP specification (no maintained Java MCAP library exists):
 * zstd-compressed chunks with message indexes, and a summary (schemas, channels, statistics, chunk
 * indexes) so a viewer can seek. Messages are JSON under Foxglove's well-known schema names.
 */
package io.fusebox.replay.mcap;
