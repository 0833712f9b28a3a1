package dev.modelregistry.command.model;

import dev.modelregistry.events.model.Stage;
import java.util.Map;

/** What the aggregate's command handlers return (besides the events they record). */
public final class CommandOutcomes {

    private CommandOutcomes() {
    }

    /** A model's description and tags as they stand after the command. */
    public record ModelDetails(String model, String description, Map<String, String> tags) {
    }

    /** The version a {@link RegisterVersion} created. */
    public record VersionCreated(String model, int version, String lineageHash) {
    }

    /**
     * A stage change; {@code archivedIncumbent} is the version that left Production to make room, or null.
     */
    public record StageChanged(String model, int version, Stage from, Stage to, Integer archivedIncumbent) {
    }

    /** An alias assignment; {@code changed} is false when the alias already pointed at the version. */
    public record AliasChanged(String model, String alias, int version, Integer previousVersion, boolean changed) {
    }

    /** A command whose only outcome is its events (deletions, alias removal). */
    public record Done(String model) {
    }
}
