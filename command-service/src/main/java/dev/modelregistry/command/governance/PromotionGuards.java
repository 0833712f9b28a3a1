package dev.modelregistry.command.governance;

import dev.modelregistry.command.model.GateContext;

/** What the model endpoints ask the governance feature before sending a command. */
public interface PromotionGuards {

    /**
     * The owner team of a new model: {@code requested}, which must exist, or the model's namespace.
     *
     * @throws GovernanceError.UnknownTeam when the requested team does not exist
     */
    String ownerTeamOf(String model, String requested);

    /** What the promotion gates of {@code model} need from outside its aggregate, as of now. */
    GateContext gateContext(String model);
}
