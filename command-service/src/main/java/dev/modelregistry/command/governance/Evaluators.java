package dev.modelregistry.command.governance;

import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.governance.evaluator.EvaluatorChange;
import dev.modelregistry.command.governance.evaluator.RegisterEvaluator;
import dev.modelregistry.command.governance.evaluator.RevokeEvaluator;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Registration and revocation of evaluators (global admins only: the route table says so). */
public final class Evaluators {

    /** What a command did and the position of its last event. */
    public record Change(boolean recorded, long position) {
    }

    private final GovernanceCommands commands;

    Evaluators(GovernanceCommands commands) {
        this.commands = commands;
    }

    /**
     * @param publicKey base64 of an X.509 SubjectPublicKeyInfo DER Ed25519 key
     * @throws GovernanceError.InvalidPublicKey when it is not one
     * @throws GovernanceError.EvaluatorExists when the name is taken
     */
    public Change register(String evaluator, String publicKey, String description, EventMetaData metaData) {
        byte[] der = parsePublicKey(publicKey).getEncoded();
        // stored in its canonical encoding, whatever base64 variant padding the client sent
        RegisterEvaluator command = new RegisterEvaluator(evaluator, Base64.getEncoder().encodeToString(der), description);
        GovernanceCommands.Sent sent = commands.send(command, metaData);
        return new Change(sent.change() == EvaluatorChange.RECORDED, sent.position());
    }

    public Change revoke(String evaluator, String reason, EventMetaData metaData) {
        GovernanceCommands.Sent sent = commands.send(new RevokeEvaluator(evaluator, reason), metaData);
        return new Change(sent.change() == EvaluatorChange.RECORDED, sent.position());
    }

    /** The Ed25519 key in {@code base64}, or {@link GovernanceError.InvalidPublicKey}. */
    static PublicKey parsePublicKey(String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
                throw new GovernanceError.InvalidPublicKey();
            }
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new GovernanceError.InvalidPublicKey();
        }
    }
}
