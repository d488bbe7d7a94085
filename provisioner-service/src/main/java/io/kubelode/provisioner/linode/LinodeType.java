package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An entry of {@code GET /linode/types}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LinodeType(String id, String label, int memory, int vcpus, int disk, Price price) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Price(double hourly, double monthly) {
    }
}
