package io.fusebox.runtime.drive;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a command's {@code --summary-json} file: one pretty-printed JSON object, its folder made if missing. The
 * drive, replay, bench, scenario and KITTI summaries all go through here.
 */
public final class SummaryJson
{
    /**
     * The object's fields, written between its braces.
     */
    @FunctionalInterface
    public interface Fields
    {
        void write(JsonGenerator json) throws IOException;
    }

    private SummaryJson()
    {
    }

    /**
     * @param file   to write, replaced if it exists.
     * @param fields the object's fields.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final Path file, final Fields fields) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file);
            JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8))
        {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
    }
}
