package dev.modelregistry.command.publication;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health details of publication ({@code /actuator/health} component {@code commandPublication}). Always
 * UP: commands are accepted and durably stored while Kafka is unreachable, publication only lags and
 * resumes by itself; the details show the position, whether it caught up, and the current failure.
 */
final class PublicationHealthIndicator implements HealthIndicator {

    private final PublicationStatus status;

    PublicationHealthIndicator(PublicationStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        PublicationStatus.Snapshot current = status.current();
        Health.Builder health = Health.up()
                .withDetail("processor", KafkaEventPublisher.PROCESSOR)
                .withDetail("running", current.running())
                .withDetail("caught_up", current.caughtUp());
        current.position().ifPresent(position -> health.withDetail("position", position));
        if (current.error() != null) {
            health.withDetail("retrying_after", current.error());
        }
        return health.build();
    }
}
