package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import dev.modelregistry.events.model.ManifestFile;
import java.util.List;

/** Files of the artifact store attached to the run at paths of its own (the run's artifacts). */
@EventType(name = "dev.modelregistry.run.artifacts-logged", version = 1)
public record RunArtifactsLogged(String runId, List<ManifestFile> files) implements RunEvent {

    public RunArtifactsLogged {
        files = List.copyOf(files);
    }
}
