package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Linode's {@code X-Filter} header: field equality (an array field matches when it contains the
 * value), {@code +and}, {@code +or}, the operators {@code +contains +neq +gt +gte +lt +lte}, and
 * {@code +order_by}/{@code +order}. Fields may be dotted paths ({@code entity.id}).
 */
public final class XFilter {

    private static final XFilter NONE = new XFilter(null);

    private final ObjectNode filter;

    private XFilter(ObjectNode filter) {
        this.filter = filter;
    }

    /** Parses the header value; null or blank means no filter. */
    public static XFilter parse(String header, ObjectMapper json) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        JsonNode node;
        try {
            node = json.readTree(header);
        } catch (Exception e) {
            throw ApiException.badRequest("X-Filter", "Invalid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("X-Filter", "Filter must be a JSON object");
        }
        return new XFilter(object);
    }

    /** Filters and orders {@code items}, each seen through its JSON form. */
    public <T> List<T> apply(List<T> items, Function<T, JsonNode> asJson) {
        if (filter == null) {
            return items;
        }
        List<T> kept = new ArrayList<>();
        for (T item : items) {
            if (matches(filter, asJson.apply(item))) {
                kept.add(item);
            }
        }
        JsonNode orderBy = filter.get("+order_by");
        if (orderBy != null) {
            String field = orderBy.asText();
            Comparator<T> order = Comparator.comparing(t -> at(asJson.apply(t), field), XFilter::compare);
            if ("desc".equals(filter.path("+order").asText("asc"))) {
                order = order.reversed();
            }
            kept.sort(order);
        }
        return kept;
    }

    private static boolean matches(JsonNode condition, JsonNode item) {
        Iterator<Map.Entry<String, JsonNode>> fields = condition.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            boolean ok = switch (key) {
                case "+and" -> all(value, item);
                case "+or" -> any(value, item);
                case "+order_by", "+order" -> true;
                default -> fieldMatches(at(item, key), value, key);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(JsonNode conditions, JsonNode item) {
        requireArray(conditions, "+and");
        for (JsonNode c : conditions) {
            if (!matches(c, item)) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(JsonNode conditions, JsonNode item) {
        requireArray(conditions, "+or");
        for (JsonNode c : conditions) {
            if (matches(c, item)) {
                return true;
            }
        }
        return false;
    }

    private static void requireArray(JsonNode node, String operator) {
        if (!node.isArray()) {
            throw ApiException.badRequest("X-Filter", operator + " must be an array");
        }
    }

    private static boolean fieldMatches(JsonNode actual, JsonNode expected, String field) {
        if (expected.isObject()) {
            return operatorsMatch(actual, (ObjectNode) expected, field);
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (equal(element, expected)) {
                    return true;
                }
            }
            return false;
        }
        return equal(actual, expected);
    }

    private static boolean operatorsMatch(JsonNode actual, ObjectNode operators, String field) {
        Iterator<Map.Entry<String, JsonNode>> ops = operators.fields();
        while (ops.hasNext()) {
            Map.Entry<String, JsonNode> op = ops.next();
            JsonNode v = op.getValue();
            boolean ok = switch (op.getKey()) {
                case "+contains" -> contains(actual, v.asText());
                case "+neq" -> !fieldMatches(actual, v, field);
                case "+gt" -> compare(actual, v) > 0;
                case "+gte" -> compare(actual, v) >= 0;
                case "+lt" -> compare(actual, v) < 0;
                case "+lte" -> compare(actual, v) <= 0;
                default -> throw ApiException.badRequest("X-Filter", "Unknown operator " + op.getKey() + " on " + field);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(JsonNode actual, String part) {
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (element.asText().contains(part)) {
                    return true;
                }
            }
            return false;
        }
        return !actual.isMissingNode() && !actual.isNull() && actual.asText().contains(part);
    }

    private static boolean equal(JsonNode actual, JsonNode expected) {
        if (actual.isMissingNode() || actual.isNull()) {
            return expected.isNull();
        }
        if (actual.isNumber() && expected.isNumber()) {
            return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return actual.asText().equals(expected.asText());
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.asText().compareTo(b.asText());
    }

    private static JsonNode at(JsonNode item, String dottedPath) {
        JsonNode node = item;
        for (String part : dottedPath.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}
