package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.model.ManifestFile;
import java.util.List;

/** Attaches files the artifact store holds (checked by the sender, with their sizes as held) to the run. */
public record LogRunArtifacts(String runId, List<ManifestFile> files) implements RunCommand {

    public LogRunArtifacts {
        files = List.copyOf(files);
    }
}
