/**
 * The bus as an in-JVM service test sees it (a {@code @QuarkusTest} on the shared broker):
 * {@link io.kubelode.testkit.bus.TopicEvents} publishes and reads kubelode events,
 * {@link io.kubelode.testkit.bus.ConsumerGroups} waits until a service has acknowledged what it
 * was sent. Both take the broker's bootstrap servers, e.g. {@code SharedBroker.get().bootstrapServers()}.
 */
package io.kubelode.testkit.bus;
