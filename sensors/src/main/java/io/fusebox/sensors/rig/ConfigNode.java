package io.fusebox.sensors.rig;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping seen through its path in the file: typed reads that fail with the file, the line,
 * the field and the reason, and a check that nothing unknown (a typo) was left unread.
 */
final class ConfigNode
{
    private final String source;
    private final String path;
    private final Node node;
    private final Map<String, Node> entries = new LinkedHashMap<>();
    private final Map<String, Node> keyNodes = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();
    private boolean fieldsDeclared;

    ConfigNode(final String source, final String path, final Node node)
    {
        this.source = source;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode))
        {
            throw error(path, node, "expected a mapping of fields");
        }
        for (final NodeTuple tuple : ((MappingNode)node).getValue())
        {
            if (!(tuple.getKeyNode() instanceof ScalarNode))
            {
                throw error(path, tuple.getKeyNode(), "field names must be plain words");
            }
            final String key = ((ScalarNode)tuple.getKeyNode()).getValue();
            if (entries.containsKey(key))
            {
                throw error(child(key), tuple.getKeyNode(), "appears twice");
            }
            entries.put(key, tuple.getValueNode());
            keyNodes.put(key, tuple.getKeyNode());
        }
    }

    String path()
    {
        return path;
    }

    String source()
    {
        return source;
    }

    int line()
    {
        return line(node);
    }

    boolean has(final String key)
    {
        return entries.containsKey(key);
    }

    ConfigNode mapping(final String key)
    {
        return new ConfigNode(source, child(key), require(key));
    }

    List<ConfigNode> list(final String key)
    {
        final Node value = require(key);
        if (!(value instanceof SequenceNode))
        {
            throw error(child(key), value, "expected a list");
        }
        final List<ConfigNode> items = new ArrayList<>();
        int i = 0;
        for (final Node item : ((SequenceNode)value).getValue())
        {
            items.add(new ConfigNode(source, child(key) + "[" + i++ + "]", item));
        }
        return items;
    }

    String string(final String key)
    {
        return scalar(key).getValue();
    }

    String string(final String key, final String defaultValue)
    {
        return has(key) ? string(key) : defaultValue;
    }

    int integer(final String key, final long min, final long max)
    {
        final ScalarNode scalar = scalar(key);
        final long value;
        try
        {
            value = Long.parseLong(scalar.getValue().trim());
        }
        catch (final NumberFormatException ex)
        {
            throw error(child(key), scalar, "expected a whole number, was '" + scalar.getValue() + "'");
        }
        if (value < min || value > max)
        {
            throw error(child(key), scalar, "must be in [" + min + ", " + max + "], was " + value);
        }
        return (int)value;
    }

    double number(final String key)
    {
        final ScalarNode scalar = scalar(key);
        final double value;
        try
        {
            value = Double.parseDouble(scalar.getValue().trim());
        }
        catch (final NumberFormatException ex)
        {
            throw error(child(key), scalar, "expected a number, was '" + scalar.getValue() + "'");
        }
        if (!Double.isFinite(value))
        {
            throw error(child(key), scalar, "must be finite, was " + scalar.getValue());
        }
        return value;
    }

    double number(final String key, final double defaultValue)
    {
        return has(key) ? number(key) : defaultValue;
    }

    double positive(final String key)
    {
        final double value = number(key);
        if (!(value > 0))
        {
            throw error(key, "must be positive, was " + value);
        }
        return value;
    }

    double inRange(final String key, final double min, final double max)
    {
        final double value = number(key);
        if (value < min || value > max)
        {
            throw error(key, "must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    double inRange(final String key, final double min, final double max, final double defaultValue)
    {
        return has(key) ? inRange(key, min, max) : defaultValue;
    }

    /**
     * Fails if the mapping holds a field nobody read: a typo must not silently become a default.
     */
    void requireAllRead()
    {
        for (final Map.Entry<String, Node> entry : entries.entrySet())
        {
            if (!read.contains(entry.getKey()))
            {
                final String suggestion = closest(entry.getKey(), read);
                throw error(child(entry.getKey()), keyNodes.get(entry.getKey()),
                    "unknown field" + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : ""));
            }
        }
    }

    /**
     * Names the fields this node may hold, so {@link #requireAllRead()} can suggest one for a typo
     * even when the field was optional and absent, and a missing field can be traced to its typo.
     */
    void allow(final String... keys)
    {
        fieldsDeclared = true;
        for (final String key : keys)
        {
            read.add(key);
        }
    }

    RigConfigException error(final String key, final String reason)
    {
        final Node at = entries.containsKey(key) ? entries.get(key) : node;
        return error(child(key), at, reason);
    }

    RigConfigException error(final String reason)
    {
        return error(path, node, reason);
    }

    private String child(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Node require(final String key)
    {
        read.add(key);
        final Node value = entries.get(key);
        if (value == null)
        {
            final String typo = misspellingOf(key);
            if (null != typo)
            {
                // "rateHzz: 30" is what the person wrote: point at that line, not at a bare "missing".
                throw error(child(typo), keyNodes.get(typo), "unknown field (did you mean '" + key + "'?)");
            }
            throw error(child(key), node, "missing");
        }
        return value;
    }

    /**
     * @return a present field that no reader knows and whose closest known field is {@code key}, or null.
     * Only once the fields are declared: otherwise a legitimate field not yet read (fy, when fx is
     * missing) would be taken for a typo.
     */
    private String misspellingOf(final String key)
    {
        if (!fieldsDeclared)
        {
            return null;
        }
        for (final String present : entries.keySet())
        {
            if (!read.contains(present) && key.equals(closest(present, read)))
            {
                return present;
            }
        }
        return null;
    }

    private ScalarNode scalar(final String key)
    {
        final Node value = require(key);
        if (!(value instanceof ScalarNode))
        {
            throw error(child(key), value, "expected a single value");
        }
        return (ScalarNode)value;
    }

    private RigConfigException error(final String field, final Node at, final String reason)
    {
        return new RigConfigException(source, line(at), field, reason);
    }

    private static int line(final Node at)
    {
        return null == at || null == at.getStartMark() ? 0 : at.getStartMark().getLine() + 1;
    }

    private static String closest(final String word, final Set<String> candidates)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int editDistance(final String a, final String b)
    {
        final int[] previous = new int[b.length() + 1];
        final int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            System.arraycopy(current, 0, previous, 0, current.length);
        }
        return previous[b.length()];
    }
}
