package io.kubelode.sandbox.cloud;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

/**
 * A validated create request.
 *
 * @param hostKey            the SSH host key from the cloud-config {@code ssh_keys} (or one generated when absent)
 * @param userData           the decoded {@code metadata.user_data}, or {@code null}; it may hold private keys:
 *                           never logged or answered
 * @param authorizedKeyLines the {@code authorized_keys} lines as given
 */
public record InstanceRequest(String label, String region, String type, String image, List<String> tags,
                              String group, boolean privateIp, boolean booted, boolean hasUserData,
                              KeyPair hostKey, List<PublicKey> authorizedKeys, String userData,
                              List<String> authorizedKeyLines) {
    @Override
    public String toString() {
        return "InstanceRequest[label=" + label + ", region=" + region + ", type=" + type + "]";
    }
}
