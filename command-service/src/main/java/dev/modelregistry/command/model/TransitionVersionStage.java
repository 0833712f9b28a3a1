package dev.modelregistry.command.model;

import dev.modelregistry.events.model.Stage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves a version to another stage. Promoting to Production while another version is there archives
 * the incumbent first when {@code archiveExisting}, and is refused otherwise.
 *
 * <p>{@code mayChangeProduction} is a precondition the sender sets from what its caller may do: when
 * false, a transition into or out of Production is refused
 * ({@link RegistryError.ProductionChangeNotPermitted}). The aggregate knows nothing of roles; deciding
 * on its own current stage, under its own sequence, makes the check race-free (a version promoted to
 * Production between a reviewer's look and their archiving is not archived by them).
 *
 * <p>A move to Production passes the promotion gates like {@link PromoteVersion} ({@code gates}); null
 * gates (a sender that moves no version into Production) count as an orphaned model if used.
 */
public record TransitionVersionStage(@TargetAggregateIdentifier String model, int version, Stage stage,
                                     boolean archiveExisting, boolean mayChangeProduction, GateContext gates)
        implements ModelCommand {

    /** A transition that cannot go to Production (no gate context). */
    public TransitionVersionStage(String model, int version, Stage stage, boolean archiveExisting,
                                  boolean mayChangeProduction) {
        this(model, version, stage, archiveExisting, mayChangeProduction, null);
    }
}
