package dev.modelregistry.command.model;

import dev.modelregistry.events.model.Stage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves a version to another stage. Promoting to Production while another version is there archives
 * the incumbent first when {@code archiveExisting}, and is refused otherwise.
 */
public record TransitionVersionStage(@TargetAggregateIdentifier String model, int version, Stage stage,
                                     boolean archiveExisting) implements ModelCommand {
}
