package io.kubelode.k8s.plan.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubelode.k8s.pki.ClusterPki;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.plan.ClusterLayout;
import io.kubelode.k8s.plan.Fixtures;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container wrapper of every script, as it is sent, through the real shellcheck (the scripts themselves:
 * support's HostScriptsShellcheckTest), and the scripts' conventions.
 */
class ScriptsShellcheckTest {
    static final ClusterLayout LAYOUT = Fixtures.layout(Fixtures.VERSION, 3);
    static final ClusterPki PKI = new PkiMinter(new SecureRandom(), Clock.systemUTC()).mint("homelab",
            LAYOUT.subjectAltNames(), Duration.ofHours(2));
    static final NodeScripts SCRIPTS = new NodeScripts(LAYOUT, PKI,
            new PackageSource(PackageSource.CONTAINERD, PackageSource.UPSTREAM), ScriptPaths.STANDARD);

    static Map<String, Script> all() {
        Map<String, Script> all = new LinkedHashMap<>();
        all.put("prepare master", SCRIPTS.prepare(1, Role.MASTER));
        all.put("prepare worker", SCRIPTS.prepare(2, Role.WORKER));
        all.put("write-pki", SCRIPTS.writePki(2));
        all.put("init", SCRIPTS.init());
        all.put("ensure-token", SCRIPTS.ensureToken());
        all.put("join-state", SCRIPTS.joinState(Role.MASTER));
        all.put("remove-member", SCRIPTS.removeMember(1, 3));
        all.put("join control plane", SCRIPTS.join(2, Role.MASTER));
        all.put("join worker", SCRIPTS.join(3, Role.WORKER));
        all.put("reset", SCRIPTS.reset());
        return all;
    }

    @Test
    void everyContainerWrapperIsShellcheckClean() {
        all().forEach((what, script) -> {
            Bash.Result r = Bash.shellcheck(SCRIPTS.inContainer(2, Role.WORKER, script));
            assertThat(r.exit()).as(what + ":\n" + r.stdout()).isZero();
        });
    }

    @Test
    void everyScriptIsStrictAndEndsWithTheChangeReport() {
        all().forEach((what, script) -> {
            String text = script.render();
            assertThat(text).as(what).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
            assertThat(text.strip()).as(what).endsWith("finish");
        });
    }

    @Test
    void secretsTravelInTheScriptTextNotInItsName() {
        String pkiScript = SCRIPTS.writePki(1).render();
        assertThat(SCRIPTS.writePki(1).toString()).doesNotContain(PKI.caKey()).contains("CA_KEY");
        assertThat(pkiScript).doesNotContain("PRIVATE KEY"); // base64 inside the text, decoded by put_file
        assertThat(SCRIPTS.ensureToken().toString()).doesNotContain(PKI.token().secret());
    }
}
