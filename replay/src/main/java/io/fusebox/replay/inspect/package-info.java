/**
 * What a drive log holds, in one pass: the figures {@code fusebox info} prints.
 */
package io.fusebox.replay.inspect;
