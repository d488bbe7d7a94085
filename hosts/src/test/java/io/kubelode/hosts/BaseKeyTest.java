package io.kubelode.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cached Debian base is keyed on everything that built it, so it cannot outlive its cause. */
class BaseKeyTest {
    private static final List<String> ARGS = DebianHost.Flavor.PLAIN.templateArgs();
    private static final byte[] TEMPLATE = "#!/bin/bash\necho template\n".getBytes(StandardCharsets.UTF_8);
    private static final String STATUS = """
            lxc=1:5.0.2-1+deb12u4 install ok installed
            lxc-templates=3.0.4.48.g4765da8-1+deb12u1 install ok installed
            debootstrap=1.0.128+nmu2+deb12u2 install ok installed
            distro-info=1.5+deb12u1 install ok installed
            distro-info-data=0.58+deb12u5 install ok installed
            zlib1g=1:1.2.13.dfsg-1 install ok installed
            """;

    @Test
    void theSameInputsGiveTheSameKey() {
        assertThat(DebianHost.baseKey(ARGS, TEMPLATE, STATUS))
                .isEqualTo(DebianHost.baseKey(ARGS, TEMPLATE, STATUS));
    }

    @Test
    void everyInputChangesTheKey() {
        String key = DebianHost.baseKey(ARGS, TEMPLATE, STATUS).id();
        assertThat(DebianHost.baseKey(List.of("-r", "trixie"), TEMPLATE, STATUS).id()).isNotEqualTo(key);
        assertThat(DebianHost.baseKey(ARGS, "#!/bin/bash\n".getBytes(StandardCharsets.UTF_8),
                STATUS).id()).isNotEqualTo(key);
        assertThat(DebianHost.baseKey(ARGS, TEMPLATE,
                STATUS.replace("distro-info-data=0.58+deb12u5", "distro-info-data=0.58+deb12u6")).id())
                .isNotEqualTo(key);
        assertThat(DebianHost.baseKey(ARGS, TEMPLATE,
                STATUS.replace("lxc-templates=3.0.4.48.g4765da8-1+deb12u1", "lxc-templates=3.0.5")).id())
                .isNotEqualTo(key);
        assertThat(DebianHost.baseKey(ARGS, TEMPLATE, STATUS.replace("zlib1g=1:1.2.13", "zlib1g=2"))
                .id()).as("a package that does not shape the base leaves the key").isEqualTo(key);
    }

    @Test
    void eachFlavorHasItsOwnKey() {
        assertThat(DebianHost.baseKey(DebianHost.Flavor.CLOUD.templateArgs(), TEMPLATE, STATUS).id())
                .isNotEqualTo(DebianHost.baseKey(ARGS, TEMPLATE, STATUS).id());
    }

    @Test
    void theSharedDebootstrapIsKeyedOnWhatEveryFlavorShares() {
        // the template debootstraps from the release alone; a flavor adds only its packages afterwards
        for (DebianHost.Flavor flavor : DebianHost.Flavor.values()) {
            assertThat(flavor.templateArgs()).startsWith(DebianHost.RELEASE.toArray(String[]::new))
                    .hasSize(DebianHost.RELEASE.size() + 1).last().asString().startsWith("--packages=");
        }
        assertThat(DebianHost.baseKey(DebianHost.RELEASE, TEMPLATE, STATUS).id())
                .isNotEqualTo(DebianHost.baseKey(ARGS, TEMPLATE, STATUS).id())
                .isNotEqualTo(DebianHost.baseKey(List.of("-r", "trixie"), TEMPLATE, STATUS).id());
    }

    @Test
    void aMissingShapingPackageIsRefusedNotBuiltAround() {
        String noDistroInfo = STATUS.replace("distro-info=1.5+deb12u1 install ok installed",
                "distro-info=1.5+deb12u1 deinstall ok config-files");
        assertThatThrownBy(() -> DebianHost.baseKey(ARGS, TEMPLATE, noDistroInfo))
                .hasMessageContaining("package distro-info is not installed");
    }
}
