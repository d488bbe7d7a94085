package io.kubelode.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LxcReady's walls: written when known, and read compatibly from records written before the field existed. */
class LxcReadyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** kubelode.lxc.ready.v1 as written before {@code walls} existed (the golden sample of then). */
    private static final String BEFORE_WALLS = """
            {"clusterId":"homelab-7k2qz","node":1,
             "master":{"name":"homelab-7k2qz-1-master","role":"master","address":"10.100.1.2",
                       "idmapStart":1000000,"idmapSize":65536},
             "worker":{"name":"homelab-7k2qz-1-worker","role":"worker","address":"10.100.1.3",
                       "idmapStart":2000000,"idmapSize":65536},
             "selinux":"%s"}
            """;

    @Test
    void aRecordWithoutWallsReadsAsTheWallsItsProducerMade() throws Exception {
        LxcReady old = JSON.readValue(BEFORE_WALLS.formatted("disabled"), LxcReady.class);
        assertThat(old.walls()).containsExactly("idmap");
        assertThat(old.master().idmapStart()).isEqualTo(1000000);
        assertThat(old.selinux()).isEqualTo("disabled");
        // the producer of then set an SELinux context per container where SELinux was enforcing
        assertThat(JSON.readValue(BEFORE_WALLS.formatted("enforcing"), LxcReady.class).walls())
                .containsExactly("idmap", "selinux");
    }

    @Test
    void wallsAreWrittenAndReadBack() throws Exception {
        LxcReady ready = new LxcReady("c", 2, new Container("c-2-master", "master", "10.100.2.2", 100000, 65536),
                new Container("c-2-worker", "worker", "10.100.2.3", 165536, 65536), "disabled",
                List.of(LxcReady.IDMAP, LxcReady.APPARMOR));
        String json = JSON.writeValueAsString(ready);
        assertThat(JSON.readTree(json).get("walls").toString()).isEqualTo("[\"idmap\",\"apparmor\"]");
        assertThat(JSON.readValue(json, LxcReady.class)).isEqualTo(ready);
        assertThat(JSON.readValue(json.replace("\"walls\":[\"idmap\",\"apparmor\"]", "\"walls\":null"), LxcReady.class)
                .walls()).containsExactly("idmap");
    }

    @Test
    void theFiveFieldConstructorGivesTheIdMapsAndSelinuxWhereEnforcing() {
        assertThat(new LxcReady("c", 1, null, null, "permissive").walls()).containsExactly("idmap");
        assertThat(new LxcReady("c", 1, null, null, "enforcing").walls()).containsExactly("idmap", "selinux");
    }
}
