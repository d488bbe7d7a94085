package io.kubelode.sandbox.cloud;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;

/**
 * A validated create request.
 *
 * @param hostKey the SSH host key from the cloud-config {@code ssh_keys} (or one generated when absent)
 */
public record InstanceRequest(String label, String region, String type, String image, List<String> tags,
                              String group, boolean privateIp, boolean booted, boolean hasUserData,
                              KeyPair hostKey, List<PublicKey> authorizedKeys) {}
