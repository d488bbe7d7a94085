package io.kubelode.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void aTokenIsKnownByItsHashAndCarriesItsRoles() {
        Tokens tokens = Tokens.parse(List.of("ops:" + Tokens.hash("s3cret") + ":admin",
                " viewer:" + Tokens.hash("look").toUpperCase() + ":reader ", "both:" + Tokens.hash("b") + ":reader+admin"));
        assertThat(tokens.identify("s3cret")).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo("ops");
            assertThat(c.may(Role.reader)).isTrue();
            assertThat(c.may(Role.admin)).isTrue();
        });
        assertThat(tokens.identify("look")).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo("viewer");
            assertThat(c.may(Role.admin)).isFalse();
        });
        assertThat(tokens.identify("b")).get().satisfies(c -> assertThat(c.roles()).hasSize(2));
        assertThat(tokens.identify("s3cret ")).isEmpty();
        assertThat(tokens.identify(Tokens.hash("s3cret"))).as("the hash is not a token").isEmpty();
    }

    @Test
    void noTokensOrAPlainTokenInTheHashFieldFailsAtStart() {
        assertThatThrownBy(() -> Tokens.parse(List.of())).hasMessageContaining("no API token is configured");
        assertThatThrownBy(() -> Tokens.parse(List.of("x:dev-admin-token:admin")))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Tokens.parse(List.of("x:" + Tokens.hash("t") + ":root")))
                .hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> Tokens.parse(List.of(Tokens.hash("t")))).hasMessageContaining("<name>:");
    }
}
