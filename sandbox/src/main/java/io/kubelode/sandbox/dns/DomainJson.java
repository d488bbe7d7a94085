package io.kubelode.sandbox.dns;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A Domain as the API shows it, and (with nulls for absent fields) as it is posted or put. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainJson(Long id, String domain, String type, String status, String soaEmail, String description,
                         String group, List<String> tags, Integer ttlSec, Integer refreshSec, Integer retrySec,
                         Integer expireSec, List<String> masterIps, List<String> axfrIps) {}
