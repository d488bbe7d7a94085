package io.kubelode.gateway.auth;

import io.kubelode.gateway.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The configured tokens, checked at start-up so a gateway without any refuses to start. */
@Startup
@ApplicationScoped
public class ApiTokens {
    private Tokens tokens;

    @Inject
    GatewayConfig config;

    @PostConstruct
    void load() {
        tokens = Tokens.parse(config.tokens().orElse(List.of()));
    }

    /** The caller a bearer token belongs to. */
    public Optional<Tokens.Caller> identify(String token) {
        return tokens.identify(token);
    }
}
