/**
 * Replay: a drive log's fusion input published again on the fusion-input stream of a bus of its own, on
 * its recorded schedule or as fast as possible, through whatever {@link io.fusebox.runtime.replay.ReplayPipeline}
 * is attached (fusion and the planner), with {@code --verify} comparing their outputs with the recorded ones.
 *
 * <pre>{@code
 * final ReplayReport report = Replay.run(new ReplayContext()
 *     .drive(Path.of("drives/20260101T120000Z-cut-in"))
 *     .rate(ReplayContext.RATE_MAX)
 *     .verify(true)
 *     .pipeline((bus, header) -> List.of(new FusionAgent(bus, ...), new PlannerAgent(bus, ...))),
 *     out, () -> true);
 * }</pre>
 */
package io.fusebox.runtime.replay;
