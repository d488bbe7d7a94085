package io.kubelode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {
    @TempDir
    Path dir;

    @Test
    void theGatewayComesFromTheOptionThenTheEnvironmentThenTheDefault() {
        Env env = new Env(Map.of(Env.GATEWAY_VAR, "http://gw:9000/"), dir);
        assertThat(env.gateway("https://other:1//")).isEqualTo(URI.create("https://other:1"));
        assertThat(env.gateway(null)).isEqualTo(URI.create("http://gw:9000"));
        assertThat(new Env(Map.of(), dir).gateway(" ")).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void aGatewayThatIsNoHttpUrlIsAUsageError() {
        assertThatThrownBy(() -> new Env(Map.of(), dir).gateway("localhost:8080"))
                .isInstanceOf(CliException.class).hasMessageContaining("is not an http(s) URL")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(Exit.USAGE);
    }

    @Test
    void theTokenComesFromTheOptionThenTheEnvironmentThenKubelodeUpsFile() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout/.kubelode"));
        Files.writeString(checkout.resolve("gateway.token"), "from-file\n");
        Path sub = Files.createDirectories(dir.resolve("checkout/cli/target"));
        assertThat(new Env(Map.of(Env.TOKEN_VAR, "from-env"), sub).token("from-option")).hasValue("from-option");
        assertThat(new Env(Map.of(Env.TOKEN_VAR, "from-env"), sub).token(null)).hasValue("from-env");
        assertThat(new Env(Map.of(), sub).token(null)).as("found in a parent, newline trimmed").hasValue("from-file");
        assertThat(new Env(Map.of(), dir).token(null)).isEmpty();
    }

    @Test
    void kubelodeStateNamesTheFolderOfTheTokenFile() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("gateway.token"), "  stated \n");
        assertThat(new Env(Map.of(Env.STATE_VAR, state.toString()), Path.of("/")).token(null)).hasValue("stated");
        assertThat(new Env(Map.of(Env.STATE_VAR, dir.resolve("none").toString()), state).token(null)).isEmpty();
    }
}
