package io.kubelode.apps.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The outcome of one ensure step on one object, named {@code Kind namespace/name}. */
public record ObjectResult(String kind, String namespace, String name, Outcome outcome) {

    public static ObjectResult of(HasMetadata object, Outcome outcome) {
        return new ObjectResult(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                outcome);
    }

    public String ref() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
