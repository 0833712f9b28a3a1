package dev.modelregistry.command.model;

import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes description and/or tags. A {@code null} field keeps its current value; given tags replace
 * all tags. An update that changes nothing records no event.
 */
public record UpdateModel(@TargetAggregateIdentifier String model, String description, Map<String, String> tags)
        implements ModelCommand {

    public UpdateModel {
        tags = tags == null ? null : Map.copyOf(tags);
    }
}
