package io.kubelode.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** Architecture rules every layer service's {@code ArchitectureTest} checks on its own classes. */
public final class LayerRules {
    private LayerRules() {
    }

    /**
     * A layer service is its steps and what they call: the layer runtime ({@code io.kubelode.layer}) reads
     * its records and publishes its events, so nothing of the service knows Kafka or reactive messaging.
     */
    public static final ArchRule NO_MESSAGING_TYPES = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.kafka..", "io.smallrye.reactive.messaging..",
                    "org.eclipse.microprofile.reactive.messaging..")
            .because("the layer runtime (module layer) does the Kafka side of every layer");
}
