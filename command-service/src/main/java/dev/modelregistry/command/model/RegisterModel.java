package dev.modelregistry.command.model;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterModel(@TargetAggregateIdentifier String model, String description, String ownerTeam,
                            Map<String, String> tags) implements ModelCommand {

    public RegisterModel {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
