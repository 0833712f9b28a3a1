package dev.modelregistry.projection.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.ProjectionFailure;
import dev.modelregistry.projection.core.Projector.BatchResult;
import dev.modelregistry.projection.search.SearchProjector.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run documents of a whole tracking replay (a tracking rebuild) into a fresh runs index, held in
 * memory: every tracking event is applied to its {@link RunDocument} exactly as {@link RunSearchState}
 * applies it for the live projector (same document, same external version = position of the last event
 * applied), and each document is written once by {@link #flush}, with large bulk requests, instead of
 * being read ({@code mget}) and written back by every batch that touches its run.
 *
 * <p>Until the first flush every document in the index is also held (the index was empty, and what
 * is written early stays held), so a run not held has no document and nothing is read from
 * Elasticsearch; an experiment's runs are all held, so its deletion deletes them from memory. Memory is bounded by {@code maxDocuments}: past it the held documents are flushed before the
 * next batch and dropped; from then on a batch reads the documents of its runs that are not held
 * ({@code mget}, real time) and lists a deleted experiment's runs in the (refreshed) index, as the live
 * projector does. The documents of finished runs are written early, in the background while the
 * replay goes on ({@value #FINISHED_BULK} at a time), and stay held: a finished run seldom changes
 * again, and one that does is written again by the flush. Not thread-safe: one thread at a time.
 *
 * <p>A document Elasticsearch refuses (the index's field limit) is found only by the flush, which logs
 * and counts it, refused as a whole.
 */
public final class RunDocumentReplay {

    private static final Logger log = LoggerFactory.getLogger(RunDocumentReplay.class);
    /** operations per bulk request of a flush */
    private static final int BULK_DOCUMENTS = 5_000;
    /** estimated JSON bytes per bulk request of a flush */
    private static final long BULK_BYTES = 8L * 1024 * 1024;
    /** bulk requests of a flush in flight at once: Elasticsearch indexes them on two write threads */
    private static final int BULKS_IN_FLIGHT = 2;
    /** finished runs' documents per background write during the replay */
    private static final int FINISHED_BULK = 2_000;

    private final SearchIndex index;
    private final String runsIndex;
    private final long maxDocuments;
    private RunSearchState held = new RunSearchState();
    /** documents went to the index: a run not held may have one there */
    private boolean flushed;
    /** finished runs written in the background once this many changed */
    private final int finishedBulk;
    /** runs finished since the last background write, whose documents may be written early */
    private final Set<String> finished = new LinkedHashSet<>();
    /** the background write of finished runs' documents (at most one), and what it writes */
    private Future<List<ProjectionFailure>> early;
    private List<Write> earlyWrites = List.of();
    /** documents refused by a background write, not yet counted in a result */
    private int earlyRefused;

    private RunDocumentReplay(SearchIndex index, String runsIndex, long maxDocuments, int finishedBulk) {
        this.index = Objects.requireNonNull(index, "index");
        this.runsIndex = Objects.requireNonNull(runsIndex, "runsIndex");
        if (maxDocuments < 0) {
            throw new IllegalArgumentException("maxDocuments must not be negative: " + maxDocuments);
        }
        if (finishedBulk < 1) {
            throw new IllegalArgumentException("finishedBulk must be positive: " + finishedBulk);
        }
        this.maxDocuments = maxDocuments;
        this.finishedBulk = finishedBulk;
    }

    /**
     * A replay into the concrete runs index {@code concreteRunsIndex}, which must be empty (just
     * created); {@code maxDocuments} documents held at most (0: flushed after every batch).
     */
    public static RunDocumentReplay into(SearchIndex index, String concreteRunsIndex, long maxDocuments) {
        return into(index, concreteRunsIndex, maxDocuments, FINISHED_BULK);
    }

    /**
     * {@link #into(SearchIndex, String, long)} writing the documents of finished runs in the background
     * once {@code finishedBulk} of them changed (default {@value #FINISHED_BULK}).
     */
    public static RunDocumentReplay into(SearchIndex index, String concreteRunsIndex, long maxDocuments,
                                         int finishedBulk) {
        return new RunDocumentReplay(index, concreteRunsIndex, maxDocuments, finishedBulk);
    }

    /**
     * Applies one batch to the held documents (flushing them first when there are more than the
     * bound). Throws, with nothing of the batch applied, when Elasticsearch fails: the caller retries
     * the same batch. Undecodable records are logged and counted as failed; a document refused by a
     * flush counts as failed too.
     */
    public BatchResult apply(List<IncomingEvent> decoded) {
        int refusedByFlush = held.docs.size() > maxDocuments ? flush() : 0;
        if (early != null && early.isDone()) {
            settleEarly();
        }
        List<IncomingEvent> events = new ArrayList<>(decoded.size());
        int failed = refusedByFlush + earlyRefused;
        earlyRefused = 0;
        long maxPosition = 0;
        for (IncomingEvent event : decoded) {
            maxPosition = Math.max(maxPosition, event.position());
            if (event.isApplicable()) {
                events.add(event);
            } else {
                log.error("Skipping {}: {}", event, event.error());
                failed++;
            }
        }
        held.runsOfExperiment.clear();
        if (flushed) {
            loadNotHeld(events);
        }
        for (IncomingEvent event : events) {
            held.apply(event);
            if (event.event() instanceof RunFinished runFinished) {
                finished.add(runFinished.runId());
            }
        }
        if (early == null && finished.size() >= finishedBulk) {
            writeFinishedEarly();
        }
        return new BatchResult(events.size(), 0, failed, maxPosition);
    }

    /**
     * Writes the changed documents of the runs finished lately in the background, and marks them
     * written: a finished run seldom changes again, and the replay's Elasticsearch stage is otherwise
     * idle until the flush, which then has fewer documents to write. A document changed again later is
     * written again (a higher external version).
     */
    private void writeFinishedEarly() {
        List<Write> writes = new ArrayList<>(finished.size());
        for (String run : finished) {
            DocumentBatch.Doc<RunDocument> doc = held.docs.get(run);
            if (doc != null && doc.dirty && !doc.deleted && doc.document != null) {
                writes.add(new Write(doc.id, doc.document, doc.version, false, doc.cause));
                doc.dirty = false;
            }
        }
        finished.clear();
        earlyWrites = writes;
        early = CompletableFuture.supplyAsync(() -> {
            try {
                return SearchProjector.bulkOnce(index.client(), runsIndex, writes, Refresh.False, "Skipping");
            } catch (IOException e) {
                throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
            }
        }, task -> Thread.ofVirtual().name("read-model-rebuild-documents").start(task));
    }

    /**
     * Waits for the background write; when it failed, its documents that did not change since are
     * marked to write again (by the flush, which retries), so a failure loses nothing.
     */
    private void settleEarly() {
        try {
            earlyRefused += early.get().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing run documents", e);
        } catch (ExecutionException e) {
            log.warn("Rebuild: writing {} documents of finished runs failed ({}); the flush writes them",
                    earlyWrites.size(), e.getCause().getMessage());
            for (Write write : earlyWrites) {
                DocumentBatch.Doc<RunDocument> doc = held.docs.get(write.id());
                if (doc != null && !doc.dirty && doc.document == write.document()) {
                    doc.dirty = true;
                }
            }
        }
        early = null;
        earlyWrites = List.of();
    }

    /** After a flush: the batch's runs not held are read from the index, a deleted experiment's runs listed. */
    private void loadNotHeld(List<IncomingEvent> events) {
        ElasticsearchClient client = index.client();
        try {
            Set<String> ids = DocumentBatch.affectedIds(events, RunSearchState::affectedIds);
            ids.removeAll(held.docs.keySet());
            SearchProjector.load(client, runsIndex, RunDocument.class, held, ids);
            Set<String> experiments = RunSearchState.experimentsToList(events);
            if (!experiments.isEmpty()) {
                index.refreshOnly(runsIndex); // the term query sees only refreshed documents
            }
            for (String experiment : experiments) {
                held.runsOfExperiment.put(experiment,
                        SearchProjector.idsWhere(client, runsIndex, "experiment_id", experiment, "run_id"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** How many documents are held. */
    public int held() {
        return held.docs.size();
    }

    /**
     * Writes every held document that changed (deletions too: they leave a tombstone with their version,
     * so a replayed older event cannot bring the run back) and drops them all; returns how many
     * documents Elasticsearch refused (logged). Throws when Elasticsearch fails; then the documents are
     * still held, and a retry writes them again (a document already written is a version conflict,
     * which counts as done).
     */
    public int flush() {
        long started = System.nanoTime();
        if (early != null) {
            settleEarly();
        }
        List<Write> writes = SearchProjector.writes(held);
        List<List<Write>> chunks = chunks(writes);
        List<ProjectionFailure> refused = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService bulks = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("read-model-rebuild-bulk").factory())) {
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < Math.min(BULKS_IN_FLIGHT, chunks.size()); w++) {
                workers.add(bulks.submit(() -> {
                    for (int c = next.getAndIncrement(); c < chunks.size(); c = next.getAndIncrement()) {
                        refused.addAll(SearchProjector.bulkOnce(index.client(), runsIndex, chunks.get(c),
                                Refresh.False, "Skipping"));
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing run documents", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw new UncheckedIOException("Elasticsearch unavailable: " + io.getMessage(), io);
                case RuntimeException runtime -> throw runtime;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        log.info("Rebuild: {} run documents written to {} with {} bulk requests in {} ms ({} refused)", writes.size(),
                runsIndex, chunks.size(), (System.nanoTime() - started) / 1_000_000, refused.size());
        held = new RunSearchState();
        finished.clear();
        flushed = true;
        int refusedEarlier = earlyRefused;
        earlyRefused = 0;
        return refused.size() + refusedEarlier;
    }

    /** The writes in bulk requests of at most {@value #BULK_DOCUMENTS} operations and ~{@value #BULK_BYTES} bytes. */
    private static List<List<Write>> chunks(List<Write> writes) {
        List<List<Write>> chunks = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < writes.size(); i++) {
            bytes += writes.get(i).document() instanceof RunDocument run ? run.estimatedBytes() : 100;
            if (i + 1 - from >= BULK_DOCUMENTS || bytes >= BULK_BYTES || i + 1 == writes.size()) {
                chunks.add(writes.subList(from, i + 1));
                from = i + 1;
                bytes = 0;
            }
        }
        return chunks;
    }

    @Override
    public String toString() {
        return "RunDocumentReplay[" + runsIndex + "]";
    }
}
