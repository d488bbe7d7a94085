package io.kubelode.sandbox.dns;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A Domain Record as the API shows it, and (with nulls for absent fields) as it is posted or put. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecordJson(Long id, String type, String name, String target, Integer priority, Integer weight,
                         Integer port, String service, String protocol, String tag, Integer ttlSec, String created,
                         String updated) {}
