package io.kubelode.network.plan;

import java.util.List;

/**
 * A bash script for one node. It may embed secrets (the node's WireGuard private key, and the copy of
 * the script the boot unit keeps, which holds that key too), so it goes only to a node shell's stdin:
 * {@link #toString()} and {@link #redacted()} never show them.
 *
 * @param description what the script does, for logs and failure messages
 * @param text        the script itself
 * @param secrets     every secret embedded in the text, as it appears there
 */
public record NodeScript(String description, String text, List<String> secrets) {
    public NodeScript {
        secrets = List.copyOf(secrets);
    }

    /** The text with every secret replaced, safe to log or show in a plan. */
    public String redacted() {
        return mask(text);
    }

    /** {@code output} (what the script printed, say) with every secret of this script replaced; null stays null. */
    public String mask(String output) {
        String shown = output;
        for (String secret : secrets) {
            if (shown != null && !secret.isEmpty()) {
                shown = shown.replace(secret, "<redacted>");
            }
        }
        return shown;
    }

    @Override
    public String toString() {
        return "NodeScript[" + description + "]";
    }
}
