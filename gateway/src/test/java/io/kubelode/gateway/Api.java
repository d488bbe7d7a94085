package io.kubelode.gateway;

/** The %test tokens of application.properties (only their hashes are configured). */
public final class Api {
    public static final String ADMIN = "dev-admin-token";
    public static final String READER = "dev-reader-token";

    private Api() {
    }
}
