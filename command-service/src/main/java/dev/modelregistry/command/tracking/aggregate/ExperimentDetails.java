package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.Tag;
import java.util.List;

/** An experiment as it stands after an update, and whether the update recorded an event. */
public record ExperimentDetails(String experimentId, String description, List<Tag> tags, boolean recorded) {
}
