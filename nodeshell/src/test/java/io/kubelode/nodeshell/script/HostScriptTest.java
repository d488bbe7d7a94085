package io.kubelode.nodeshell.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostScriptTest {
    private static final String TEXT = "#!/usr/bin/env bash\n# kubelode: demo.sh\n# inputs: NODE NOTE\n"
            + "set -euo pipefail\necho \"$NODE $NOTE\"\n";

    @Test
    void readsTheDeclaredNameAndInputs() {
        HostScript s = HostScript.parse("demo.sh", TEXT);
        assertThat(s.name()).isEqualTo("demo.sh");
        assertThat(s.inputs()).containsExactly("NODE", "NOTE");
        assertThat(s.text()).isEqualTo(TEXT);
        assertThat(HostScript.parse("none.sh", "#!/usr/bin/env bash\n# kubelode: none.sh\necho hi\n").inputs()).isEmpty();
    }

    @Test
    void rendersExactlyTheDeclaredInputsQuotedAfterTheHeaderSoTheNameStaysOnLineTwo() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("NOTE", "it's $(reboot)");
        v.put("NODE", "demo-1");
        String out = HostScript.parse("demo.sh", TEXT).render(v, "# library\n");
        assertThat(out).isEqualTo("#!/usr/bin/env bash\n# kubelode: demo.sh\n# inputs: NODE NOTE\n"
                + "readonly NODE='demo-1'\nreadonly NOTE='it'\\''s $(reboot)'\n# library\n"
                + "set -euo pipefail\necho \"$NODE $NOTE\"\n");
    }

    @Test
    void refusesAMissingOrAnUndeclaredInputNamingThem() {
        HostScript s = HostScript.parse("demo.sh", TEXT);
        assertThatThrownBy(() -> s.render(Map.of("NODE", "demo-1", "EXTRA", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo.sh declares the inputs [NODE, NOTE]: missing [NOTE], not declared [EXTRA]");
    }

    @Test
    void refusesAScriptWithoutItsDeclaration() {
        assertThatThrownBy(() -> HostScript.parse("demo.sh", "#!/usr/bin/env bash\necho hi\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("# kubelode: demo.sh");
        assertThatThrownBy(() -> HostScript.parse("demo.sh", TEXT.replace("demo.sh", "other.sh")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HostScript.parse("demo.sh", TEXT.replace("NOTE\n", "NOTE NODE\n")))
                .hasMessageContaining("declares an input twice");
    }
}
