package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An entry of {@code GET /regions}: what the region offers ({@code Linodes}, {@code Metadata}, ...). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Region(String id, List<String> capabilities) {
    public Region {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
