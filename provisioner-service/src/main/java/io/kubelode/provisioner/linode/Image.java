package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An entry of {@code GET /images}: what the image supports ({@code cloud-init}, ...). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Image(String id, List<String> capabilities) {
    public Image {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
