/**
 * The recorder: a subscriber of the bus that journals the fusion input, world models, trajectories and
 * health reports into a drive log, off the latency path.
 *
 * <p>Wiring it into a drive:
 * <pre>{@code
 * final DriveLogWriter writer = DriveLogWriter.open(new DriveLogContext()
 *     .scenario(scenario.name()).seed(seed).rig(rigSource, rigText).startTimeNs(clock.nanoTime()));
 * final RecorderAgent recorder = new RecorderAgent(bus, writer, new RecorderContext());   // BLOCK by default
 * final AgentThreads recording = AgentThreads.start(bus, recorder, recorder.diskAgent());
 * // ... drive; once the pipeline has drained, wait until the recorder has accounted for everything published:
 * //     recorder.accountedFor(RecordedStream.FUSION_INPUT) ==
 * //         BusCounters.value(bus.countersReader(), BusCounters.FUSION_INPUT_MESSAGES_TYPE_ID, fusionInputStreamId)
 * recording.close();   // the disk agent drains its buffer and closes the writer: end marker written
 * }</pre>
 *
 * <p>Snapshot mode ({@code drive --snapshot 30s}): the same recorder, its buffer drained into a ring that keeps
 * only the last window of the drive in memory, written out as an ordinary drive log when triggered:
 * <pre>{@code
 * final SnapshotContext snapshot = new SnapshotContext().windowNs(30_000_000_000L).triggerOnSignal(true);
 * final RecorderAgent recorder = new RecorderAgent(bus, snapshot, driveLogContext, new RecorderContext());
 * // ... from any thread, e.g. a REST endpoint:
 * final CompletableFuture<Path> written = snapshot.trigger().request();   // or kill -USR2 <pid>
 * }</pre>
 */
package io.fusebox.runtime.record;
