package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /linode/instances}. {@code root_pass} and the user data (which holds
 * the node's SSH host private key) are secrets: {@link #toString()} leaves them out, and the
 * object is only ever serialised into the request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceCreate(String region, String type, String image, String label, List<String> tags,
                             @JsonProperty("authorized_keys") List<String> authorizedKeys,
                             @JsonProperty("root_pass") String rootPass,
                             @JsonProperty("private_ip") boolean privateIp,
                             Boolean booted,
                             Metadata metadata) {

    /** {@code metadata.user_data}: base64 of the cloud-config. */
    public record Metadata(@JsonProperty("user_data") String userData) {
        @Override
        public String toString() {
            return "Metadata[user_data=<" + userData.length() + " base64 chars>]";
        }
    }

    public InstanceCreate {
        tags = List.copyOf(tags);
        authorizedKeys = List.copyOf(authorizedKeys);
    }

    @Override
    public String toString() {
        return "InstanceCreate[label=" + label + ", region=" + region + ", type=" + type + ", image=" + image
                + ", tags=" + tags + ", authorized_keys=" + authorizedKeys.size() + ", private_ip=" + privateIp
                + ", root_pass=<redacted>, " + metadata + "]";
    }
}
