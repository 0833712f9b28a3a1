package dev.modelregistry.events.tracking;

import java.util.List;

/**
 * Where a run ran: the runtime (e.g. {@code python}, {@code jvm}) and its version, the packages (as
 * {@code name==version} lines), or a container image digest, and the host. Every field may be null.
 */
public record RunEnvironment(String runtime, String runtimeVersion, List<String> packages, String containerImageDigest,
                             String host) {

    public RunEnvironment {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
