package io.kubelode.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubelode.gateway.GatewayConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static GatewayConfig.ApiToken token(String sha, Role... roles) {
        return new GatewayConfig.ApiToken() {
            @Override
            public String sha256() {
                return sha;
            }

            @Override
            public List<Role> roles() {
                return List.of(roles);
            }
        };
    }

    @Test
    void aTokenIsKnownByItsHashAndCarriesItsRoles() {
        Tokens tokens = new Tokens(Map.of("ops", token(Tokens.hash("s3cret"), Role.admin),
                "viewer", token(Tokens.hash("look").toUpperCase(), Role.reader)));
        assertThat(tokens.identify("s3cret")).get().satisfies(c -> {
            assertThat(c.name()).isEqualTo("ops");
            assertThat(c.may(Role.reader)).isTrue();
            assertThat(c.may(Role.admin)).isTrue();
        });
        assertThat(tokens.identify("look")).get().satisfies(c -> assertThat(c.may(Role.admin)).isFalse());
        assertThat(tokens.identify("s3cret ")).isEmpty();
        assertThat(tokens.identify(Tokens.hash("s3cret"))).as("the hash is not a token").isEmpty();
    }

    @Test
    void noTokensOrAPlainTokenInTheHashFieldFailsAtStart() {
        assertThatThrownBy(() -> new Tokens(Map.of())).hasMessageContaining("no API token is configured");
        assertThatThrownBy(() -> new Tokens(Map.of("x", token("dev-admin-token", Role.admin))))
                .hasMessageContaining("64 hex digits");
    }
}
