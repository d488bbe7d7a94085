package io.kubelode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.api.XFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class XFilterTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<JsonNode> items = List.of(
            node("{\"id\": 1, \"label\": \"a-1\", \"tags\": [\"x\", \"c:a\"], \"entity\": {\"id\": 7}}"),
            node("{\"id\": 2, \"label\": \"a-2\", \"tags\": [\"x\"], \"entity\": {\"id\": 8}}"),
            node("{\"id\": 3, \"label\": \"b-1\", \"tags\": [], \"entity\": {\"id\": 7}}"));

    private JsonNode node(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Integer> ids(String filter) {
        return XFilter.parse(filter, json).apply(items, n -> n).stream().map(n -> n.get("id").asInt()).toList();
    }

    @Test
    void matchesFieldsArraysAndDottedPaths() {
        assertThat(ids(null)).containsExactly(1, 2, 3);
        assertThat(ids("{\"label\": \"a-2\"}")).containsExactly(2);
        assertThat(ids("{\"tags\": \"x\"}")).containsExactly(1, 2);
        assertThat(ids("{\"entity.id\": 7}")).containsExactly(1, 3);
        assertThat(ids("{\"entity.id\": 7, \"label\": \"b-1\"}")).containsExactly(3);
    }

    @Test
    void combinesWithAndOrAndOperators() {
        assertThat(ids("{\"+or\": [{\"label\": \"a-1\"}, {\"label\": \"b-1\"}]}")).containsExactly(1, 3);
        assertThat(ids("{\"+and\": [{\"tags\": \"x\"}, {\"entity.id\": 8}]}")).containsExactly(2);
        assertThat(ids("{\"label\": {\"+contains\": \"a-\"}}")).containsExactly(1, 2);
        assertThat(ids("{\"id\": {\"+gt\": 1, \"+lte\": 3}}")).containsExactly(2, 3);
        assertThat(ids("{\"label\": {\"+neq\": \"a-1\"}}")).containsExactly(2, 3);
    }

    @Test
    void orders() {
        assertThat(ids("{\"+order_by\": \"label\", \"+order\": \"desc\"}")).containsExactly(3, 2, 1);
        assertThat(ids("{\"+order_by\": \"id\"}")).containsExactly(1, 2, 3);
    }

    @Test
    void refusesWhatIsNotAFilter() {
        assertThatThrownBy(() -> XFilter.parse("[1]", json)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> XFilter.parse("{", json)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ids("{\"+or\": {\"label\": \"a\"}}")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ids("{\"label\": {\"+like\": \"a\"}}")).isInstanceOf(ApiException.class);
    }
}
