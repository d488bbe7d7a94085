package io.kubelode.gateway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.HomePeer;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a posted cluster spec, JSON or YAML, strictly: an unknown field is an error here (on
 * the bus the same records are read tolerantly).
 */
public final class SpecReader {
    private static final ObjectMapper JSON = strict(new ObjectMapper());
    private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

    @JsonIgnoreProperties(ignoreUnknown = false)
    private abstract static class Strict {
    }

    private SpecReader() {
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        return mapper.addMixIn(ClusterSpec.class, Strict.class).addMixIn(HomePeer.class, Strict.class)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Whether a {@code Content-Type} the endpoint consumed is one of the YAML types
     * ({@code application/yaml}, {@code application/x-yaml}, {@code text/yaml}); JSON otherwise.
     */
    public static boolean isYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type = MediaType.valueOf(contentType);
        return type.getSubtype().equalsIgnoreCase("yaml") || type.getSubtype().equalsIgnoreCase("x-yaml");
    }

    /** Parses the body; YAML when the media type says so, JSON otherwise. */
    public static ClusterSpec read(String body, boolean yaml) {
        if (body == null || body.isBlank()) {
            throw new BadSpecException(Problem.unreadable("the request has no body: send a cluster spec", List.of()));
        }
        try {
            ClusterSpec spec = (yaml ? YAML : JSON).readValue(body, ClusterSpec.class);
            if (spec == null) {
                throw new BadSpecException(Problem.unreadable("the body holds no cluster spec", List.of()));
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            throw new BadSpecException(Problem.unreadable("unknown field '" + e.getPropertyName() + "'",
                    List.of(new FieldViolation(path(e), "is not a field of a cluster spec; known fields: "
                            + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", "))))));
        } catch (JsonMappingException e) {
            String field = path(e);
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new BadSpecException(Problem.unreadable("field '" + field + "' has the wrong shape",
                    List.of(new FieldViolation(field, firstLine(why)))));
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new BadSpecException(Problem.unreadable((yaml ? "YAML" : "JSON") + " syntax error"
                    + (line > 0 ? " at line " + line : "") + ": " + firstLine(e.getOriginalMessage()), List.of()));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
