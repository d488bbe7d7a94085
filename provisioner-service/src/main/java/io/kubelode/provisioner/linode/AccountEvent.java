package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An entry of {@code GET /account/events}, e.g. {@code linode_boot} / {@code finished}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountEvent(long id, String action, String status, String created, Entity entity) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entity(Long id, String label, String type) {
    }
}
