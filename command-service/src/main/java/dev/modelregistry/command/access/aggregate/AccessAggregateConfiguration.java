package dev.modelregistry.command.access.aggregate;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Registers the package-private {@code User}, {@code Namespace} and {@code GlobalAccess} aggregates
 * (prototype beans that Axon's Spring support turns into event-sourced repositories and command
 * handlers). No cache and no snapshots: every command on them runs inside a database transaction of the
 * sender (credentials and events commit together) that may still roll back after Axon's unit of work
 * has finished, which a cache would not see; and each has few events.
 */
@Configuration(proxyBeanMethods = false)
@Import({User.class, Namespace.class, GlobalAccess.class})
public class AccessAggregateConfiguration {
}
