/**
 * The drive log: one Chronicle Queue per drive, in its own folder ({@code drives/<UTC start>-<scenario>}).
 *
 * <p>Entries, in order: a {@link io.fusebox.replay.log.DriveLogHeader} (rig file text, scenario, seed,
 * schema id and version, software version, start time); then one entry per recorded message, the raw SBE
 * bytes as they crossed the bus tagged by {@link io.fusebox.replay.log.RecordedStream}, with gap entries where
 * the recorder dropped messages by policy; last, a {@link io.fusebox.replay.log.DriveLogEnd} marker. A log
 * without the end marker is torn: its recording process died ({@link io.fusebox.replay.log.DriveLogTail}).
 *
 * <pre>{@code
 * try (DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext().scenario("cut-in").seed(42)))
 * {
 *     writer.append(RecordedStream.FUSION_INPUT, buffer, offset, length);   // false once the size cap is hit
 * }                                                                          // close writes the end marker
 *
 * try (DriveLogReader reader = DriveLogReader.open(directory))
 * {
 *     reader.seek(firstFusionInputNs + 12_500_000_000L);                     // --from 12.5s
 *     while (reader.next())                                                  // validated, in order, no copies
 *     {
 *         // reader.stream(), reader.timeNs(), reader.buffer()/offset()/length()
 *     }
 *     reader.tail();                                                         // COMPLETE, or torn and how
 * }
 * }</pre>
 */
package io.fusebox.replay.log;
