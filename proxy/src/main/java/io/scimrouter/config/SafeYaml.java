package io.scimrouter.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses YAML into plain maps, lists and scalars, and nothing else: no custom tags, no duplicate keys, few aliases
 * (billion-laughs), bounded size and depth. A configuration is small; anything bigger is a mistake or an attack.
 */
final class SafeYaml {
    static final int MAX_CODE_POINTS = 1 << 20;
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 20;
    private static final int MAX_NESTING = 32;

    private SafeYaml() {
    }

    /** The parsed document of a file, or null when it is empty. Errors are named by the file. */
    static Object read(Path file) {
        String origin = file.toString();
        String text;
        try {
            // checked before reading: the code point limit alone does not count comments
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(origin, "larger than " + MAX_FILE_BYTES + " bytes; a configuration is small");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(origin, "not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(origin, "cannot read the configuration file (" + e.getClass().getSimpleName()
                    + ")");
        }
        return parse(origin, text);
    }

    /** The parsed document of a text, or null when it is empty; {@code origin} names it in errors. */
    static Object parse(String origin, String text) {
        try {
            return newYaml().load(text);
        } catch (MarkedYAMLException e) {
            throw new ConfigException(origin, describe(e));
        } catch (YAMLException e) {
            // size and alias limits end up here, without a mark
            throw new ConfigException(origin, "not valid YAML: " + e.getMessage());
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setProcessComments(false);
        return new Yaml(new SafeConstructor(options));
    }

    private static String describe(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        return "not valid YAML: " + where + problem;
    }
}
