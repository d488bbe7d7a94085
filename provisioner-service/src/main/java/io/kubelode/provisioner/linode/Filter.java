package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An {@code X-Filter} header value: a JSON object of field → value (equality), which Linode
 * combines with AND. Built from a map so values are JSON-escaped, never concatenated.
 *
 * @param fields field name → value
 */
public record Filter(Map<String, Object> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Filter {
        fields = Map.copyOf(fields);
    }

    /** No filter. */
    public static Filter none() {
        return new Filter(Map.of());
    }

    public static Filter label(String label) {
        return new Filter(Map.of("label", label));
    }

    /** Instances whose tags contain {@code tag} (Linode matches one element of a list field). */
    public static Filter tag(String tag) {
        return new Filter(Map.of("tags", tag));
    }

    /** Events about one entity. */
    public static Filter entity(long id) {
        return new Filter(Map.of("entity.id", id));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The header value. */
    public String header() {
        ObjectNode node = JSON.createObjectNode();
        fields.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
        return node.toString();
    }
}
