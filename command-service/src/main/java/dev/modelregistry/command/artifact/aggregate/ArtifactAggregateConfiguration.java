package dev.modelregistry.command.artifact.aggregate;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Registers the package-private {@code Artifact} aggregate (a prototype bean that Axon's Spring support
 * turns into an event-sourced repository and command handlers). No cache and no snapshots: a blob has
 * a handful of events, and every command on it runs inside a database transaction of the caller that
 * may still roll back after Axon's unit of work has finished, which a cache would not see.
 */
@Configuration(proxyBeanMethods = false)
@Import(Artifact.class)
public class ArtifactAggregateConfiguration {
}
