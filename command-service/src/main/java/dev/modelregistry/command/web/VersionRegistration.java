package dev.modelregistry.command.web;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.access.Permission;
import dev.modelregistry.command.lineage.RegisteredVersions;
import dev.modelregistry.command.model.RegisterVersion;
import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.model.RunSource;
import dev.modelregistry.command.model.VersionDraft;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.command.tracking.RunSummary;
import dev.modelregistry.command.tracking.Tracking;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.VersionReference;
import java.util.List;

/**
 * Turns a validated draft of a new version into its {@link RegisterVersion}, combining the features the
 * model aggregate cannot see (it decides from its own state only): the run the version is registered from
 * (tracking's {@link Tracking#finishedRun}, merged by {@link VersionDraft#fromRun}), the parents of other
 * models ({@link RegisteredVersions}) and the artifact store ({@link VersionManifests}).
 *
 * <p>Every permission is checked before anything beyond a run's existence is looked at: READ in the run's
 * namespace (looked up like the tracking handlers do, so an unknown run is 404 as there) and in the
 * namespace of every parent of another model (known from its name). Then the run must be finished and not
 * deleted, and each such parent registered and not deleted. A parent deleted between this check and the
 * commit is accepted: what prevents a cycle is that the parent EXISTS, and a registered version stays
 * registered forever.
 */
final class VersionRegistration {

    private final VersionManifests manifests;
    private final CommandAuthorization authorization;
    private final Tracking tracking;
    private final RegisteredVersions versions;

    VersionRegistration(VersionManifests manifests, CommandAuthorization authorization, Tracking tracking,
                        RegisteredVersions versions) {
        this.manifests = manifests;
        this.authorization = authorization;
        this.tracking = tracking;
        this.versions = versions;
    }

    /**
     * @throws dev.modelregistry.access.AccessDeniedProblem without READ in the run's or a parent's namespace
     * @throws dev.modelregistry.command.tracking.TrackingError run not found or deleted (404), RUNNING (409)
     * @throws RegistryError run mismatch, run artifacts not found, unknown or deleted parent (422), files the
     *                       store cannot back (422)
     */
    RegisterVersion prepare(VersionDraft draft, String actor) {
        String runId = draft.sourceRunId();
        if (runId != null) {
            authorization.require(Permission.READ, tracking.runNamespace(runId));
        }
        List<VersionReference> parents = draft.lineage() == null ? List.of() : draft.lineage().parents();
        for (VersionReference parent : parents) {
            if (!parent.model().equals(draft.model())) {
                authorization.require(Permission.READ, Namespaces.namespaceOf(parent.model()));
            }
        }
        VersionDraft merged = runId == null ? draft : draft.fromRun(source(tracking.finishedRun(runId)));
        // same-model parents are the aggregate's (it knows its own versions, under its own lock)
        for (int i = 0; i < parents.size(); i++) {
            VersionReference parent = parents.get(i);
            if (parent.model().equals(draft.model())) {
                continue;
            }
            switch (versions.stateOf(parent)) {
                case UNKNOWN -> throw new RegistryError.UnknownParent(i, parent);
                case DELETED -> throw new RegistryError.ParentDeleted(i, parent);
                case LIVE -> {
                }
            }
        }
        return manifests.prepare(merged, actor);
    }

    private static RunSource source(RunSummary run) {
        List<DatasetReference> datasets = run.inputs().stream()
                .map(input -> new DatasetReference(input.name(), input.sha256())).toList();
        return new RunSource(run.runId(), run.params(), run.latestMetricValues(), datasets, run.codeCommit(),
                run.framework(), run.frameworkVersion(), run.artifacts());
    }
}
