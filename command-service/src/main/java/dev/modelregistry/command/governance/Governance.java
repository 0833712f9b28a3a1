package dev.modelregistry.command.governance;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.AccessState;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.gateway.RegistryCommandGateway.CommandResult;
import dev.modelregistry.command.governance.ReportVerifier.VerifiedReport;
import dev.modelregistry.command.model.AttachEvaluationReport;
import dev.modelregistry.command.model.CommandOutcomes.ReportAttached;
import dev.modelregistry.command.model.GateContext;
import java.time.Clock;

/**
 * The governance feature's services for the REST layer: owner teams (must exist; omitted = the model's
 * namespace), the {@link GateContext} of a promotion (the time, whether the owner team is staffed, the
 * revoked evaluators, read just before the command), and attaching signed evaluation reports.
 */
public final class Governance implements PromotionGuards {

    /** A verified report attached: what it says, and the position of its event. */
    public record AttachedReport(String reportId, String model, int version, String evaluator, String artifactSha256,
                                 String datasetSha256, java.util.Map<String, Double> metrics,
                                 java.time.Instant issuedAt, java.time.Instant expiresAt, long position,
                                 String correlationId) {
    }

    private final AccessState access;
    private final GovernanceTables tables;
    private final RegistryCommandGateway gateway;
    private final ReportVerifier verifier;
    private final Clock clock;

    Governance(AccessState access, GovernanceTables tables, RegistryCommandGateway gateway, Clock clock) {
        this.access = access;
        this.tables = tables;
        this.gateway = gateway;
        this.verifier = new ReportVerifier(tables::evaluatorKey);
        this.clock = clock;
    }

    /**
     * The owner team of a new model: {@code requested}, which must exist, or the model's namespace.
     *
     * @throws GovernanceError.UnknownTeam when the requested team does not exist
     */
    @Override
    public String ownerTeamOf(String model, String requested) {
        if (requested == null) {
            return Namespaces.namespaceOf(model);
        }
        requireTeam(requested);
        return requested;
    }

    /** @throws GovernanceError.UnknownTeam when there is no such team */
    public void requireTeam(String team) {
        if (!access.teamExists(team)) {
            throw new GovernanceError.UnknownTeam(team);
        }
    }

    /** What the gates of a promotion of {@code model} need from outside its aggregate, as of now. */
    @Override
    public GateContext gateContext(String model) {
        String owner = tables.ownerTeam(model).orElse(Namespaces.namespaceOf(model));
        return new GateContext(clock.instant(), access.teamStaffed(owner), tables.revokedEvaluators());
    }

    /**
     * Verifies the report ({@link ReportVerifier}) and attaches it; the bytes and the signature are stored
     * with the event in one transaction.
     *
     * @throws GovernanceError when the report is refused before the model sees it
     */
    public AttachedReport attachReport(String model, int version, String evaluator, byte[] report, byte[] signature,
                                       EventMetaData metaData) {
        VerifiedReport verified = verifier.verify(evaluator, report, signature, model, version, clock.instant());
        CommandResult<ReportAttached> result = gateway.send(new AttachEvaluationReport(model, version,
                verified.reportId(), evaluator, verified.artifactSha256(), verified.datasetSha256(), verified.metrics(),
                verified.issuedAt(), verified.expiresAt(), report.clone(), signature.clone()), metaData);
        return new AttachedReport(verified.reportId(), model, version, evaluator, verified.artifactSha256(),
                verified.datasetSha256(), verified.metrics(), verified.issuedAt(), verified.expiresAt(),
                result.position(), result.correlationId());
    }
}
