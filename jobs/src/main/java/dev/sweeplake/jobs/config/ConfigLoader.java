package dev.sweeplake.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sweeplake.jobs.errors.ExitCode;
import dev.sweeplake.jobs.errors.SweeplakeErrors;
import dev.sweeplake.jobs.errors.SweeplakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a YAML config file, applies {@code --set key.path=value} overrides and binds the result onto a typed record with
 * {@link ConfigBinder}. Every failure is a {@link ConfigException} with one line that names the file or key.
 *
 * <p>Thread-safe (stateless apart from an immutable mapper).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigLoader() {}

    /**
     * Loads {@code file} (may be null: all defaults), applies {@code overrides} ("a.b=c", the value parsed as YAML) and
     * binds to {@code type}.
     */
    public static <T extends Record> T load(Path file, List<String> overrides, Class<T> type) {
        JsonNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file);
        ObjectNode root = asObject(tree, file);
        for (String override : overrides) {
            applyOverride(root, override);
        }
        try {
            return ConfigBinder.bind(root, type, "");
        } catch (ConfigException e) {
            String culprit = culprit(file, overrides, type, e.getMessage());
            throw culprit == null ? e : new ConfigException(culprit + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who an error is due to: the first {@code --set} after which binding fails with this message (binding is cheap and
     * pure), else the file. Null when there is neither.
     */
    private static <T extends Record> String culprit(Path file, List<String> overrides, Class<T> type, String message) {
        if (overrides.isEmpty()) {
            return file == null ? null : file.toString();
        }
        ObjectNode root = asObject(file == null ? JsonNodeFactory.instance.objectNode() : readTree(file), file);
        if (message.equals(bindError(root, type))) {
            return file == null ? null : file.toString();
        }
        for (String override : overrides) {
            applyOverride(root, override);
            if (message.equals(bindError(root, type))) {
                return "--set " + override;
            }
        }
        return file == null ? null : file.toString();
    }

    private static String bindError(ObjectNode root, Class<? extends Record> type) {
        try {
            ConfigBinder.bind(root.deepCopy(), type, "");
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }

    /** Reads a YAML file into a tree; an empty file is an empty mapping. */
    public static JsonNode readTree(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parseYaml(text, file.toString());
    }

    /** Parses YAML text; {@code source} names it in errors. */
    public static JsonNode parseYaml(String text, String source) {
        try {
            JsonNode node = YAML.readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " at line %d, column %d",
                            e.getLocation().getLineNr(),
                            e.getLocation().getColumnNr());
            throw new ConfigException(
                    String.format(Locale.ROOT, "malformed YAML in %s%s: %s", source, where, e.getOriginalMessage()), e);
        }
    }

    private static ObjectNode asObject(JsonNode tree, Path file) {
        if (tree instanceof ObjectNode o) {
            return o;
        }
        throw new ConfigException(String.format(
                Locale.ROOT, "%s: expected a YAML mapping at the top level, got %s", file, ConfigBinder.actual(tree)));
    }

    /** Applies one {@code a.b.c=value} override to the tree, creating intermediate mappings. */
    static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw SweeplakeErrors.usage("--set expects key.path=value, got '%s'", override);
        }
        String path = override.substring(0, eq).trim();
        String raw = override.substring(eq + 1);
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty()) {
                throw SweeplakeErrors.usage("--set: empty key segment in '%s'", path);
            }
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(parts[i]);
            } else if (child instanceof ObjectNode o) {
                node = o;
            } else {
                throw new ConfigException(String.format(
                        Locale.ROOT,
                        "--set %s: '%s' is %s, not a mapping",
                        path,
                        String.join(".", java.util.Arrays.copyOf(parts, i + 1)),
                        ConfigBinder.actual(child)));
            }
        }
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : parseYaml(raw, "--set " + path);
        } catch (ConfigException e) {
            throw new SweeplakeException(ExitCode.USAGE, e.getMessage(), e);
        }
        node.set(parts[parts.length - 1], value);
    }

    /** The resolved config as one line of JSON (logged once, stored with every run). */
    public static String toJson(Object config) {
        try {
            return JSON.writeValueAsString(ConfigBinder.toTree(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
