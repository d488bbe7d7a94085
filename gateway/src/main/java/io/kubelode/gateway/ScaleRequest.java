package io.kubelode.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.kubelode.events.spec.FieldViolation;
import java.util.List;

/** The body of PATCH /clusters/{id}: {@code {"nodes": n}}, read strictly. */
record ScaleRequest(Integer nodes) {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    static int read(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the request has no body: send {\"nodes\": n}", List.of());
        }
        try {
            ScaleRequest r = STRICT.readValue(body, ScaleRequest.class);
            if (r == null || r.nodes() == null) {
                throw bad("nodes is required", List.of(new FieldViolation("nodes", "is required: the new node count")));
            }
            return r.nodes();
        } catch (UnrecognizedPropertyException e) {
            throw bad("unknown field '" + e.getPropertyName() + "'", List.of(new FieldViolation(e.getPropertyName(),
                    "is not a field of a scale request; the only field is nodes")));
        } catch (JsonProcessingException e) {
            throw bad("the body is not {\"nodes\": n}", List.of(new FieldViolation("nodes",
                    "must be a whole number")));
        }
    }

    private static BadSpecException bad(String detail, List<FieldViolation> errors) {
        return new BadSpecException(Problem.unreadable(detail, errors));
    }
}
