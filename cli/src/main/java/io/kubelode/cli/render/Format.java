package io.kubelode.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** How results are printed: human tables, or the gateway's JSON as JSON or YAML for scripts. */
public enum Format {
    table, json, yaml;

    /** Made on first use: a table never pays for loading the YAML writer (start-up time). */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    /** The document in this format; {@code table} uses the given human rendering. */
    public String render(JsonNode document, Function<JsonNode, String> table) {
        try {
            return switch (this) {
                case table -> table.apply(document);
                case json -> Mappers.JSON.writeValueAsString(document) + "\n";
                case yaml -> Mappers.YAML.writeValueAsString(document);
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
