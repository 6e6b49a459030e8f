package io.fusebox.runtime.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON file into maps, lists, strings, numbers, booleans and nulls, for tests to look into.
 */
final class SummaryJson
{
    private SummaryJson()
    {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(final Path file) throws IOException
    {
        try (JsonParser parser = new JsonFactory().createParser(file.toFile()))
        {
            final Object value = value(parser, parser.nextToken());
            if (!(value instanceof Map))
            {
                throw new IOException(file + ": not a JSON object");
            }
            return (Map<String, Object>)value;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Map<String, Object> parent, final String name)
    {
        final Object value = parent.get(name);
        if (!(value instanceof Map))
        {
            throw new AssertionError("'" + name + "' is not an object in " + parent);
        }
        return (Map<String, Object>)value;
    }

    static double number(final Map<String, Object> parent, final String name)
    {
        final Object value = parent.get(name);
        if (!(value instanceof Number))
        {
            throw new AssertionError("'" + name + "' is not a number in " + parent);
        }
        return ((Number)value).doubleValue();
    }

    private static Object value(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
                final Map<String, Object> object = new LinkedHashMap<>();
                while (JsonToken.FIELD_NAME == parser.nextToken())
                {
                    final String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            case START_ARRAY:
                final List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); JsonToken.END_ARRAY != next; next = parser.nextToken())
                {
                    array.add(value(parser, next));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }
}
