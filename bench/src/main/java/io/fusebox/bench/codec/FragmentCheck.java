package io.fusebox.bench.codec;

import io.fusebox.sensors.codec.MessageHeaderDecoder;

/**
 * The checks a consumer makes before trusting what a fragment holds: schema, template, a version it
 * can read, a fixed block inside the fragment, and every group and var-data field inside it too.
 * Without them a corrupt count reads past the message into whatever the buffer holds next.
 */
final class FragmentCheck
{
    private FragmentCheck()
    {
    }

    static void verifyHeader(final MessageHeaderDecoder header, final int templateId, final int length)
    {
        if (MessageHeaderDecoder.SCHEMA_ID != header.schemaId() ||
            templateId != header.templateId() ||
            header.version() > MessageHeaderDecoder.SCHEMA_VERSION ||
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            throw new IllegalStateException("unexpected header: schema " + header.schemaId() + " template " +
                header.templateId() + " version " + header.version() + " blockLength " + header.blockLength() +
                " in a " + length + "-byte fragment, expected template " + templateId);
        }
    }

    /**
     * @param elementsStart where the group's first element starts (the decoder's limit once the group is wrapped).
     * @param end           first byte after the fragment.
     */
    static void verifyGroup(final int elementsStart, final int count, final int blockLength, final int end)
    {
        if ((long)count * blockLength > end - elementsStart)
        {
            throw new IllegalStateException("group of " + count + " x " + blockLength + " bytes at " +
                elementsStart + " overruns the fragment ending at " + end);
        }
    }

    /**
     * @param limit the decoder's limit once everything is read.
     * @param end   first byte after the fragment.
     */
    static void verifyEnd(final int limit, final int end)
    {
        if (limit > end)
        {
            throw new IllegalStateException("message runs to " + limit + ", past the fragment ending at " + end);
        }
    }
}
