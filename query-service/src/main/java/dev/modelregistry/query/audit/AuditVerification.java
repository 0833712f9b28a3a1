package dev.modelregistry.query.audit;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code GET /api/v1/audit:verify} and of its command-line form.
 *
 * @param verified true when every link checked holds
 * @param rowsChecked rows walked (the global chain; with a subject, that subject's chain)
 * @param firstBroken the first link that does not hold, in walk order; null when verified
 * @param head the head of the chain checked as the heads table records it (anchor it elsewhere to
 *             detect a rewritten chain later); null for a subject without rows
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AuditVerification(boolean verified, long rowsChecked, BrokenLink firstBroken, Head head) {

    enum Chain { global, subject }

    /**
     * {@code altered}: the row's content (or a stored hash) is not what was hashed; {@code missing}: a
     * link between two rows, or at the end of a chain, is gone; {@code reordered}: the row was chained
     * after another row than the one now before it.
     */
    enum Reason { altered, missing, reordered }

    /**
     * @param chainSeq the place in the global chain (global breaks), {@code subjectSeq} the place in the
     *                 subject's chain (subject breaks); for a missing link, the place that is missing
     * @param position the event position of the row where the break shows (null when the chain's tail
     *                 is missing); {@code subject} its subject
     * @param expectedHash what the chain requires at that place; {@code actualHash} what is stored
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record BrokenLink(Chain chain, Long chainSeq, Long subjectSeq, Long position, String subject, String expectedHash, String actualHash,
                      Reason reason, String detail) {
    }

    /** @param chainSeq the global head's place (null for a subject); {@code subjectSeq} a subject head's place */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Head(Chain chain, String subject, Long chainSeq, Long subjectSeq, String hash) {
    }
}
