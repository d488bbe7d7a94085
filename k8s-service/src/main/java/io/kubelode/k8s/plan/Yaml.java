package io.kubelode.k8s.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;

/** Typed configuration objects to YAML documents; absent (null) fields are left out. */
public final class Yaml {
    /** The mapper used for every rendered document. */
    public static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build()).setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Yaml() {
    }

    /** One document. */
    public static String write(Object document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot render " + document.getClass().getSimpleName(), e);
        }
    }

    /** Several documents separated by {@code ---}, the form {@code kubeadm --config} reads. */
    public static String writeAll(List<?> documents) {
        StringBuilder s = new StringBuilder();
        for (Object d : documents) {
            if (!s.isEmpty()) {
                s.append("---\n");
            }
            s.append(write(d));
        }
        return s.toString();
    }
}
