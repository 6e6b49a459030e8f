/**
 * Editing drive logs: cutting a smaller log out of a larger one.
 */
package io.fusebox.replay.edit;
