package io.kubelode.apps.plan;

/** Where generated secrets come from; the real one is {@link SecureCredentials}. */
public interface Credentials {

    /** A fresh random password of {@code length} URL-safe characters. */
    String password(int length);

    /** A fresh random key as hex ({@code bytes} random bytes). */
    String hexKey(int bytes);
}
