package io.kubelode.network.plan;

/**
 * A bash script for one node. It may embed a secret (the node's WireGuard private key), so it goes
 * only to a node shell's stdin: {@link #toString()} and {@link #redacted()} never show it.
 *
 * @param description what the script does, for logs and failure messages
 * @param text        the script itself
 * @param secret      the secret embedded in the text, or {@code null}
 */
public record NodeScript(String description, String text, String secret) {

    /** The text with the secret replaced, safe to log or show in a plan. */
    public String redacted() {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "<redacted>");
    }

    @Override
    public String toString() {
        return "NodeScript[" + description + "]";
    }
}
