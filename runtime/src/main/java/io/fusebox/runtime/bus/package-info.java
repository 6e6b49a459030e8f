/**
 * The bus: media driver, Aeron client, the rig's streams, counters, and the threads agents run on.
 *
 * <p>A drive, wired by hand:
 * <pre>{@code
 * final EpochNanoClock clock = new OffsetEpochNanoClock();        // capture and receive times, one clock
 * final CaptureLatency latency = new CaptureLatency();
 * try (Bus bus = Bus.launch(new BusContext().profile(Profile.LAPTOP));
 *     Subscription fusionInput = bus.addFusionInputSubscription())
 * {
 *     final RigPublisher publisher = new RigPublisher(bus, new SyntheticRigSource(bus.rig(), clock.nanoTime()), clock);
 *     final Sequencer sequencer = new Sequencer(bus, clock, latency);
 *     try (AgentThreads threads = AgentThreads.start(bus, publisher, sequencer))
 *     {
 *         // consume fusionInput with a FragmentAssembler and a FusionInputReader;
 *         // read counters with BusCounters.value(bus.countersReader(), typeId, sensorId),
 *         // or from another process with ExternalCounters.open(bus.aeronDirectoryName());
 *         // take latency.intervalHistogram(kind) from any thread.
 *     }
 * }
 * }</pre>
 */
package io.fusebox.runtime.bus;
