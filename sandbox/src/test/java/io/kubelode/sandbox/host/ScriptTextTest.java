package io.kubelode.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScriptTextTest {

    @Test
    void readsParametersTheWayTheLayersWriteThem() {
        String b64 = Base64.getEncoder().encodeToString("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        ScriptText s = new ScriptText("#!/usr/bin/env bash\nreadonly ROLE='master' CONTAINER='demo-1-master'\n"
                + "CLUSTER_ID='demo'\nreadonly LISTEN_PORT=51820\nreadonly NOTE='it'\\''s'\n"
                + "readonly CONFIG=\"$K8S_ETC/kubelode/kubeadm.yaml\"\nreadonly FILE='" + b64 + "'\n"
                + "  echo ROLE=nobody\n");

        assertThat(s.value("ROLE")).hasValue("master");
        assertThat(s.value("CONTAINER")).hasValue("demo-1-master");
        assertThat(s.value("CLUSTER_ID")).hasValue("demo");
        assertThat(s.value("LISTEN_PORT")).hasValue("51820");
        assertThat(s.value("NOTE")).hasValue("it's");
        assertThat(s.value("CONFIG")).isEmpty();
        assertThat(s.file("FILE")).hasValue("line one\nline two\n");
    }

    @Test
    void aQuotedValueMaySpanLinesAndItsLinesAreNotReadAsParameters() {
        ScriptText s = new ScriptText("#!/usr/bin/env bash\n# kubelode: mesh-apply.sh\n"
                + "readonly PEERS='KEY1 - 51820 10.0.0.1/32 node-1\nKEY2 host 51820 10.0.0.2/32 node-2'\n"
                + "readonly NFT_DEFINITION='table inet t {\nFAKE='\\''x'\\''\n}\n'\nreadonly TABLE_ID='abc'\n");

        assertThat(s.value("PEERS")).hasValue("KEY1 - 51820 10.0.0.1/32 node-1\nKEY2 host 51820 10.0.0.2/32 node-2");
        assertThat(s.value("NFT_DEFINITION")).hasValue("table inet t {\nFAKE='x'\n}\n");
        assertThat(s.value("TABLE_ID")).hasValue("abc");
        assertThat(s.value("FAKE")).isEmpty();
    }

    @Test
    void aScriptIsKnownByTheNameItDeclaresInItsFirstFiveLinesOnly() {
        assertThat(ScriptText.declaredName("#!/usr/bin/env bash\n# kubelode: lxd-host.sh\nset -e\n"))
                .hasValue("lxd-host.sh");
        assertThat(ScriptText.declaredName("#!/usr/bin/env bash\n# kubelode: join.sh in demo-3-master\n"))
                .hasValue("join.sh");
        // text that only mentions another script, or a declaration too far down, declares nothing
        assertThat(ScriptText.declaredName("#!/usr/bin/env bash\necho '# kubelode: init.sh'\n# lxd-host: x\n"))
                .isEmpty();
        assertThat(ScriptText.declaredName("#!/usr/bin/env bash\n\n\n\n\n# kubelode: init.sh\n")).isEmpty();
        assertThat(ScriptText.declaredName("set -e\nuseradd k8-master\n")).isEmpty();
    }

    @Test
    void knowsWhichGatewaysAreOnTheBridge() {
        assertThat(Cidrs.contains("10.100.1.1/24", "10.100.1.3")).isTrue();
        assertThat(Cidrs.contains("10.100.1.1/24", "10.100.2.3")).isFalse();
        assertThat(Cidrs.contains("10.0.0.0/8", "10.255.1.1")).isTrue();
    }
}
