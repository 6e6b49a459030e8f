package io.fusebox.bench.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One message kind with realistic content held in preallocated primitive arrays, and the flyweights
 * to encode and decode it. Neither direction allocates.
 */
interface MessageFixture
{
    /**
     * Encodes the message, SBE header included, as the publishing stage would.
     *
     * @return encoded length in bytes.
     */
    int encode(MutableDirectBuffer buffer, int offset);

    /**
     * Checks the header, then reads every field of the message as the consuming stage would.
     *
     * @return a checksum that every field read contributes to, so none of the reads can be dropped.
     */
    long decode(DirectBuffer buffer, int offset, int length);
}
