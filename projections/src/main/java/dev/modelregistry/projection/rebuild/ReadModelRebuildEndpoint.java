package dev.modelregistry.projection.rebuild;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code readmodelrebuild}: {@code GET /actuator/readmodelrebuild} tells the
 * progress, {@code POST /actuator/readmodelrebuild} starts a rebuild (answers at once with the status).
 */
@Endpoint(id = "readmodelrebuild")
public class ReadModelRebuildEndpoint {

    private final ReadModelRebuild rebuild;

    public ReadModelRebuildEndpoint(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @ReadOperation
    public Map<String, Object> status() {
        return ReadModelRebuildRoutes.json(rebuild.status());
    }

    @WriteOperation
    public Map<String, Object> start() {
        rebuild.start();
        return ReadModelRebuildRoutes.json(rebuild.status());
    }
}
