package dev.modelregistry.query.audit;

import dev.modelregistry.query.audit.AuditChainQueries.ChainRow;
import dev.modelregistry.query.audit.AuditChainQueries.Head;
import dev.modelregistry.query.audit.AuditVerification.BrokenLink;
import dev.modelregistry.query.audit.AuditVerification.Chain;
import dev.modelregistry.query.audit.AuditVerification.Reason;
import dev.modelregistry.readmodel.AuditChainHash;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the audit chains in pages (memory bounded by the page size, whatever the length of the log)
 * in one database snapshot and names the first link that does not hold:
 * <ol>
 * <li>a row that is no link at all (written before the chain existed, or its links erased);</li>
 * <li>the global chain in chain_seq order: each row's content must hash to its {@code hash}, its
 *     {@code global_prev_hash} must be the previous row's {@code global_hash}, chain numbers must not
 *     skip, and the last row must be the global head;</li>
 * <li>every subject's chain in subject_seq order, the same way, ending at the subject's head (a head
 *     whose rows are all gone counts as missing).</li>
 * </ol>
 * With a subject, only that subject's chain (steps 1 and 3 for it).
 */
final class AuditVerifier {

    private final AuditChainQueries queries;
    private final int pageSize;

    AuditVerifier(AuditChainQueries queries, int pageSize) {
        this.queries = queries;
        this.pageSize = pageSize;
    }

    /** @param subject null for the whole log */
    AuditVerification verify(String subject) {
        return queries.inSnapshot(snapshot -> new Walk(snapshot, subject).run());
    }

    private final class Walk {
        private final AuditChainQueries q;
        private final String only;
        private long rows;

        Walk(AuditChainQueries q, String only) {
            this.q = q;
            this.only = only;
        }

        AuditVerification run() {
            Optional<ChainRow> unchained = q.firstUnchained(only);
            if (unchained.isPresent()) {
                ChainRow row = unchained.get();
                return broken(new BrokenLink(row.chainSeq() == null ? Chain.global : Chain.subject, row.chainSeq(),
                        row.subjectSeq(), row.position(), row.subject(), null, row.hash(), Reason.altered,
                        "the row is no link of the chain (no chain_seq or subject_seq); a row written before the "
                                + "chain existed is chained by rebuilding the read model"));
            }
            if (only == null) {
                Head head = q.globalHead();
                BrokenLink link = global(head);
                if (link != null) {
                    return broken(link);
                }
                long globalRows = rows;
                link = subjects();
                if (link != null) {
                    return broken(link);
                }
                return new AuditVerification(true, globalRows, null,
                        new AuditVerification.Head(Chain.global, null, head.seq(), null, head.hash()));
            }
            BrokenLink link = subjects();
            if (link != null) {
                return broken(link);
            }
            Head head = q.subjectHeads(List.of(only)).get(only);
            return new AuditVerification(true, rows, null, head == null ? null
                    : new AuditVerification.Head(Chain.subject, only, null, head.seq(), head.hash()));
        }

        private AuditVerification broken(BrokenLink link) {
            return new AuditVerification(false, rows, link, null);
        }

        private BrokenLink global(Head head) {
            long expectedSeq = 1;
            String previous = AuditChainHash.GENESIS;
            ChainRow last = null;
            for (List<ChainRow> page = q.globalPage(0, pageSize); !page.isEmpty();
                 page = q.globalPage(last.chainSeq(), pageSize)) {
                for (ChainRow row : page) {
                    rows++;
                    if (row.chainSeq() > expectedSeq) {
                        return new BrokenLink(Chain.global, expectedSeq, null, row.position(), row.subject(), previous,
                                row.globalPrevHash(), Reason.missing, "chain_seq " + expectedSeq
                                + (row.chainSeq() - expectedSeq > 1 ? " to " + (row.chainSeq() - 1) : "")
                                + " missing before this row");
                    }
                    String content = AuditChainHash.rowHash(row.prevHash(), row.content());
                    if (!content.equals(row.hash())) {
                        return new BrokenLink(Chain.global, row.chainSeq(), row.subjectSeq(), row.position(),
                                row.subject(), content, row.hash(), Reason.altered,
                                "the row's content does not hash to its stored hash");
                    }
                    if (!previous.equals(row.globalPrevHash())) {
                        return new BrokenLink(Chain.global, row.chainSeq(), null, row.position(), row.subject(),
                                previous, row.globalPrevHash(), Reason.reordered,
                                "the row was chained after another row than the one before it");
                    }
                    String global = AuditChainHash.globalHash(row.globalPrevHash(), row.chainSeq(), row.hash());
                    if (!global.equals(row.globalHash())) {
                        return new BrokenLink(Chain.global, row.chainSeq(), null, row.position(), row.subject(), global,
                                row.globalHash(), Reason.altered, "the stored global_hash is not the row's link");
                    }
                    previous = row.globalHash();
                    expectedSeq++;
                    last = row;
                }
            }
            long lastSeq = expectedSeq - 1;
            if (head.seq() > lastSeq) {
                return new BrokenLink(Chain.global, lastSeq + 1, null, null, null, head.hash(), previous, Reason.missing,
                        "the chain ends at chain_seq " + lastSeq + " but its head is at " + head.seq());
            }
            if (head.seq() < lastSeq || !head.hash().equals(previous)) {
                return new BrokenLink(Chain.global, lastSeq, null, last == null ? null : last.position(),
                        last == null ? null : last.subject(), head.hash(), previous, Reason.altered,
                        "the chain's last row is not its recorded head");
            }
            return null;
        }

        private BrokenLink subjects() {
            Optional<String> orphanHead = q.headWithoutRows(only);
            if (orphanHead.isPresent()) {
                Head head = q.subjectHeads(List.of(orphanHead.get())).get(orphanHead.get());
                return new BrokenLink(Chain.subject, null, 1L, null, orphanHead.get(), head.hash(), null,
                        Reason.missing, "every row of the subject's chain is missing (head at subject_seq "
                        + head.seq() + ")");
            }
            String subject = null;
            long expectedSeq = 1;
            String previous = AuditChainHash.GENESIS;
            ChainRow last = null;
            boolean counting = only != null;
            for (List<ChainRow> page = q.subjectPage(only, "", 0, pageSize); !page.isEmpty();
                 page = q.subjectPage(only, last.subject(), last.subjectSeq(), pageSize)) {
                Set<String> subjects = new LinkedHashSet<>();
                page.forEach(row -> subjects.add(row.subject()));
                if (last != null) {
                    subjects.add(last.subject());
                }
                Map<String, Head> heads = q.subjectHeads(subjects);
                for (ChainRow row : page) {
                    if (!row.subject().equals(subject)) {
                        if (subject != null) {
                            BrokenLink tail = tail(subject, last, previous, heads.get(subject));
                            if (tail != null) {
                                return tail;
                            }
                        }
                        subject = row.subject();
                        expectedSeq = 1;
                        previous = AuditChainHash.GENESIS;
                    }
                    if (counting) {
                        rows++;
                    }
                    if (row.subjectSeq() > expectedSeq) {
                        return new BrokenLink(Chain.subject, null, expectedSeq, row.position(), subject, previous,
                                row.prevHash(), Reason.missing, "subject_seq " + expectedSeq
                                + (row.subjectSeq() - expectedSeq > 1 ? " to " + (row.subjectSeq() - 1) : "")
                                + " missing before this row");
                    }
                    if (!previous.equals(row.prevHash())) {
                        return new BrokenLink(Chain.subject, null, row.subjectSeq(), row.position(), subject, previous,
                                row.prevHash(), Reason.reordered,
                                "the row was chained after another row than the one before it");
                    }
                    String content = AuditChainHash.rowHash(row.prevHash(), row.content());
                    if (!content.equals(row.hash())) {
                        return new BrokenLink(Chain.subject, null, row.subjectSeq(), row.position(), subject, content,
                                row.hash(), Reason.altered, "the row's content does not hash to its stored hash");
                    }
                    previous = row.hash();
                    expectedSeq++;
                    last = row;
                }
            }
            return subject == null ? null : tail(subject, last, previous, q.subjectHeads(List.of(subject)).get(subject));
        }

        private BrokenLink tail(String subject, ChainRow last, String previous, Head head) {
            if (head == null) {
                return new BrokenLink(Chain.subject, null, last.subjectSeq(), last.position(), subject, null, previous,
                        Reason.altered, "the subject's chain has no recorded head");
            }
            if (head.seq() > last.subjectSeq()) {
                return new BrokenLink(Chain.subject, null, last.subjectSeq() + 1, null, subject, head.hash(), previous,
                        Reason.missing, "the subject's chain ends at subject_seq " + last.subjectSeq()
                        + " but its head is at " + head.seq());
            }
            if (head.seq() < last.subjectSeq() || !head.hash().equals(previous)) {
                return new BrokenLink(Chain.subject, null, last.subjectSeq(), last.position(), subject, head.hash(),
                        previous, Reason.altered, "the subject's last row is not its recorded head");
            }
            return null;
        }
    }
}
