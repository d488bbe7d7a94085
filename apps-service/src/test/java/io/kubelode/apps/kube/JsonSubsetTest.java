package io.kubelode.apps.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What counts as "already as desired": server additions never do, any changed or missing field does. */
class JsonSubsetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode j(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void serverDefaultsStatusAndMetadataAreNotDifferences() throws Exception {
        assertThat(JsonSubset.contains(
                j("{'metadata':{'name':'a','uid':'u','resourceVersion':'7'},'spec':{'replicas':2,"
                        + "'containers':[{'name':'c','terminationMessagePath':'/dev/x'}]},'status':{'ready':1}}"),
                j("{'metadata':{'name':'a'},'spec':{'replicas':2,'containers':[{'name':'c'}]}}"))).isTrue();
        assertThat(JsonSubset.contains(j("{'a':1.0}"), j("{'a':1}"))).isTrue();
        assertThat(JsonSubset.contains(j("{}"), j("{'labels':{}}"))).isTrue();
    }

    @Test
    void aChangedMissingOrExtraListElementIsADifference() throws Exception {
        assertThat(JsonSubset.contains(j("{'spec':{'replicas':5}}"), j("{'spec':{'replicas':2}}"))).isFalse();
        assertThat(JsonSubset.contains(j("{'spec':{}}"), j("{'spec':{'replicas':2}}"))).isFalse();
        assertThat(JsonSubset.contains(j("{'args':['a','b']}"), j("{'args':['a']}"))).isFalse();
        assertThat(JsonSubset.contains(j("{'args':['a']}"), j("{'args':['a','b']}"))).isFalse();
        assertThat(JsonSubset.contains(j("{'port':'80'}"), j("{'port':80}"))).isFalse();
    }
}
