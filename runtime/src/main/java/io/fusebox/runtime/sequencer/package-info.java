/**
 * The sequencer: every sensor stream in, one ordered fusion-input stream out (the determinism
 * boundary), with receive time, gap, duplicate, late and malformed accounting, and capture-to-receive
 * latency by sensor kind.
 */
package io.fusebox.runtime.sequencer;
