/**
 * A reusable local kubelode stack for cross-service tests and benchmarks: {@link
 * io.kubelode.testkit.stack.LocalStack} starts a real Kafka broker, the sandbox and every service
 * as its own process (configured like {@code ./kubelode up}, on free ports, instances in
 * {@code 127.78.0.0/16} by default), and can SIGKILL and restart any of them, the broker included.
 * {@link io.kubelode.testkit.stack.GatewayClient} and {@link io.kubelode.testkit.stack.SandboxClient}
 * drive it; {@link io.kubelode.testkit.stack.TopicHistory} reads what happened on the bus.
 */
package io.kubelode.testkit.stack;
