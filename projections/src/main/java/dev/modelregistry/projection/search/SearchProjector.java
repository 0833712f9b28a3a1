package dev.modelregistry.projection.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.ProjectionFailure;
import dev.modelregistry.projection.core.ProjectionStore;
import dev.modelregistry.projection.core.ProjectionStore.PartitionProgress;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch versions index, built from {@code registry.events}. Per batch: the documents the
 * events touch are read (mget, real time; ModelDeleted lists the model's documents with a term query),
 * the events applied in order in memory, and the result written with one bulk request, every
 * operation with {@code version_type=external} and version = the position of the last event applied
 * to the document; a version conflict means "already applied". Only after Elasticsearch acknowledged
 * the bulk request (with {@code refresh=wait_for} for the live index) does the projector record its
 * progress in PostgreSQL, so "reached" means "visible to search". Elasticsearch unavailable: the call
 * throws, nothing is recorded, and the listener container retries the same records with back-off.
 */
public final class SearchProjector implements Projector {

    public static final String NAME = "search";

    private static final Logger log = LoggerFactory.getLogger(SearchProjector.class);
    private static final int MAX_BULK_OPERATIONS = 2_000;
    private static final int PAGE = 1_000;

    /** How a batch becomes visible to search before its progress is recorded. */
    public enum Visibility {
        /** {@code refresh=wait_for} on the bulk request: waits for the next periodic refresh (up to 1 s). */
        WAIT_FOR,
        /** bulk without refresh, then an explicit refresh of the index: visible at once, more small segments. */
        REFRESH,
        /** no refresh at all: the caller refreshes before the index is used (a rebuild). */
        NONE
    }

    private final SearchIndex index;
    /** the versions index (or alias) written; null for a runs-only projector */
    private final String target;
    private final String runsTarget;
    /** where progress and parked records go; null for a runs-only projector (it records neither) */
    private final ReadModelDatabase progress;
    private final Visibility visibility;
    private final boolean live;
    private volatile boolean ready;

    private SearchProjector(SearchIndex index, String target, String runsTarget, ReadModelDatabase progress,
                            Visibility visibility, boolean live) {
        this.index = Objects.requireNonNull(index, "index");
        this.target = target;
        this.runsTarget = Objects.requireNonNull(runsTarget, "runsTarget");
        this.progress = progress;
        this.visibility = Objects.requireNonNull(visibility, "visibility");
        this.live = live;
        this.ready = !live;
    }

    /**
     * The live projector: writes through the aliases, creates the indices if missing, makes each batch
     * visible as {@code visibility} says ({@code registry.projections.search.refresh}). How often it
     * refreshes is paced by how long its consumer lets the broker gather a batch
     * ({@code registry.projections.search.fetch-max-wait}).
     */
    public static SearchProjector live(SearchIndex index, ReadModelDatabase progress, Visibility visibility) {
        return new SearchProjector(index, index.alias(), index.runsAlias(), Objects.requireNonNull(progress, "progress"),
                visibility, true);
    }

    /**
     * A projector writing into one concrete versions index and its paired runs index without refreshing
     * them (a rebuild); the caller refreshes the indices before they are used.
     */
    public static SearchProjector intoIndex(SearchIndex index, String concreteIndex, ReadModelDatabase progress) {
        return new SearchProjector(index, concreteIndex, index.runsIndexOf(concreteIndex),
                Objects.requireNonNull(progress, "progress"), Visibility.NONE, false);
    }

    /**
     * A projector writing the run documents of tracking events only, into one concrete runs index,
     * without refreshing it, recording no progress and parking nothing (a tracking rebuild: the live
     * search projector's progress and parked records stay as they are; a document Elasticsearch refuses
     * is logged and counted as failed).
     */
    public static SearchProjector runsOnly(SearchIndex index, String concreteRunsIndex) {
        return new SearchProjector(index, null, concreteRunsIndex, null, Visibility.NONE, false);
    }

    @Override
    public String name() {
        return NAME;
    }

    public String target() {
        return target;
    }

    /** @throws IllegalStateException for a {@link #runsOnly} projector, which stores no progress */
    @Override
    public Map<Integer, Long> storedOffsets() {
        if (progress == null) {
            throw new IllegalStateException("a runs-only projector stores no progress");
        }
        return ProjectionStore.offsets(progress.dsl(), NAME);
    }

    @Override
    public BatchResult applyDecoded(List<IncomingEvent> decoded) {
        List<ProjectionFailure> failures = new ArrayList<>();
        List<IncomingEvent> events = new ArrayList<>(decoded.size());
        Map<Integer, long[]> partitions = new TreeMap<>();
        long maxPosition = 0;
        for (IncomingEvent event : decoded) {
            partitions.merge(event.partition(), new long[] {event.offset(), event.position()},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
            maxPosition = Math.max(maxPosition, event.position());
            if (event.isApplicable()) {
                events.add(event);
            } else {
                log.error("{} {}: {}", progress == null ? "Skipping" : "Parking", event, event.error());
                failures.add(event.failure(NAME, event.error()));
            }
        }
        int applied = events.size();
        if (!events.isEmpty()) {
            List<ProjectionFailure> refused = write(events);
            failures.addAll(refused);
            applied -= (int) refused.stream().map(f -> f.partition() + ":" + f.offset()).distinct().count();
        }
        if (decoded.isEmpty()) {
            return BatchResult.EMPTY;
        }
        if (progress != null) {
            progress.inTransaction(ctx -> {
                ProjectionStore.recordFailures(ctx, failures);
                List<PartitionProgress> rows = new ArrayList<>();
                partitions.forEach((partition, p) -> rows.add(new PartitionProgress(partition, p[0], p[1])));
                ProjectionStore.record(ctx, NAME, rows);
                return null;
            });
        }
        return new BatchResult(applied, 0, failures.size(), maxPosition);
    }

    /** Applies the events to the index; returns the events whose documents Elasticsearch refused. */
    private List<ProjectionFailure> write(List<IncomingEvent> events) {
        if (!ready) {
            index.ensureAlias();
            index.warnOfIndicesWithoutDottedKeys();
            ready = true;
        }
        ElasticsearchClient client = index.client();
        try {
            List<ProjectionFailure> refused = new ArrayList<>();
            List<Write> writes = List.of();
            if (target != null) {
                SearchState state = new SearchState();
                writes = changes(client, target, VersionDocument.class, state, events,
                        DocumentBatch.affectedIds(events, SearchState::affectedIds), SearchState.modelsToList(events),
                        "model", "version", state.documentsOfModel);
                refused.addAll(bulk(client, target, writes));
            }
            List<Write> runWrites = runs(client, events);
            refused.addAll(bulk(client, runsTarget, runWrites));
            if (visibility == Visibility.REFRESH) {
                refreshWritten(!writes.isEmpty(), !runWrites.isEmpty());
            }
            return refused;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the batch visible before its progress is recorded, refreshing only the indices it wrote:
     * each refresh writes a Lucene segment and opens a searcher (~35-60 ms of Elasticsearch CPU measured,
     * whatever it carries), and a batch of version events used to refresh the runs index too. One
     * refresh per batch: the consumer's fetch wait sets how many batches a second there are.
     */
    private void refreshWritten(boolean versions, boolean runs) {
        if (versions) {
            index.refreshOnly(target);
        }
        if (runs) {
            index.refreshOnly(runsTarget);
        }
    }

    /** One document to write (or delete) with its external version. */
    record Write(String id, Object document, long version, boolean deleted, IncomingEvent cause) {
    }

    /** The run documents of the batch's tracking events, as {@link #write} does for versions. */
    private List<Write> runs(ElasticsearchClient client, List<IncomingEvent> events) throws IOException {
        Set<String> ids = DocumentBatch.affectedIds(events, RunSearchState::affectedIds);
        Set<String> experiments = RunSearchState.experimentsToList(events);
        if (ids.isEmpty() && experiments.isEmpty()) {
            return List.of();
        }
        RunSearchState state = new RunSearchState();
        return changes(client, runsTarget, RunDocument.class, state, events, ids, experiments, "experiment_id", "run_id",
                state.runsOfExperiment);
    }

    /**
     * The writes of one index for the batch: its documents {@code ids} loaded, those of the deleted
     * {@code parents} listed (by {@code parentField}, into {@code listed}), the events applied in order.
     */
    private <D extends IndexedDocument> List<Write> changes(ElasticsearchClient client, String into, Class<D> type,
                                                            DocumentBatch<D> state, List<IncomingEvent> events,
                                                            Set<String> ids, Set<String> parents, String parentField,
                                                            String sortField, Map<String, Set<String>> listed)
            throws IOException {
        load(client, into, type, state, ids);
        if (!parents.isEmpty() && visibility == Visibility.NONE) {
            index.refresh(into); // the term query below sees only refreshed documents
        }
        for (String parent : parents) {
            listed.put(parent, idsWhere(client, into, parentField, parent, sortField));
        }
        for (IncomingEvent event : events) {
            state.apply(event);
        }
        return writes(state);
    }

    static List<Write> writes(DocumentBatch<?> state) {
        List<Write> writes = new ArrayList<>();
        for (DocumentBatch.Doc<?> doc : state.changes()) {
            writes.add(new Write(doc.id, doc.document, doc.version, doc.deleted, doc.cause));
        }
        return writes;
    }

    /** Reads the documents {@code ids} of {@code index} into {@code state} (real time, so unrefreshed writes count). */
    static <D extends IndexedDocument> void load(ElasticsearchClient client, String index, Class<D> type,
                                                         DocumentBatch<D> state, Set<String> ids) throws IOException {
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += PAGE) {
            List<String> page = all.subList(from, Math.min(all.size(), from + PAGE));
            MgetResponse<D> response = client.mget(m -> m.index(index).ids(page), type);
            for (MultiGetResponseItem<D> item : response.docs()) {
                if (item.isFailure()) {
                    throw new IllegalStateException("Elasticsearch could not read " + item.failure().id() + " of "
                            + index + ": " + item.failure().error().reason());
                }
                var result = item.result();
                if (result.found()) {
                    state.loaded(result.id(), result.source(), result.version() == null ? 0 : result.version());
                } else {
                    state.loaded(result.id(), null, 0);
                }
            }
        }
    }

    /** The ids of the documents of {@code index} whose {@code field} is {@code value}, paged in {@code sortField} order. */
    static Set<String> idsWhere(ElasticsearchClient client, String index, String field, String value,
                                        String sortField) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        FieldValue after = null;
        while (true) {
            FieldValue searchAfter = after;
            SearchResponse<Void> response = client.search(s -> {
                s.index(index)
                        .query(q -> q.term(t -> t.field(field).value(value)))
                        .source(src -> src.fetch(false))
                        .size(PAGE)
                        .trackTotalHits(t -> t.enabled(false))
                        .sort(so -> so.field(f -> f.field(sortField).order(SortOrder.Asc)));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, Void.class);
            List<Hit<Void>> hits = response.hits().hits();
            for (Hit<Void> hit : hits) {
                ids.add(hit.id());
            }
            if (hits.size() < PAGE) {
                return ids;
            }
            after = hits.getLast().sort().getFirst();
        }
    }

    private List<ProjectionFailure> bulk(ElasticsearchClient client, String target, List<Write> changes)
            throws IOException {
        List<ProjectionFailure> refused = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += MAX_BULK_OPERATIONS) {
            refused.addAll(bulkOnce(client, target, changes.subList(from, Math.min(changes.size(), from + MAX_BULK_OPERATIONS)),
                    visibility == Visibility.WAIT_FOR ? Refresh.WaitFor : Refresh.False,
                    progress == null ? "Skipping" : "Parking"));
        }
        return refused;
    }

    /**
     * Writes {@code chunk} with one bulk request; returns the events whose documents Elasticsearch
     * refused (logged, {@code verb} saying what becomes of them). A version conflict counts as already
     * applied, a missing document to delete as deleted; 429 and 5xx throw (the caller retries).
     */
    static List<ProjectionFailure> bulkOnce(ElasticsearchClient client, String target, List<Write> chunk,
                                            Refresh refresh, String verb) throws IOException {
        List<ProjectionFailure> refused = new ArrayList<>();
        BulkRequest.Builder request = new BulkRequest.Builder().index(target).refresh(refresh);
        for (Write doc : chunk) {
            if (doc.deleted()) {
                request.operations(op -> op.delete(d -> d.id(doc.id()).version(doc.version())
                        .versionType(VersionType.External)));
            } else {
                request.operations(op -> op.index(i -> i.id(doc.id()).document(doc.document())
                        .version(doc.version()).versionType(VersionType.External)));
            }
        }
        BulkResponse response = client.bulk(request.build());
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            Write doc = chunk.get(i);
            int status = item.status();
            if (item.error() == null || status == 409 || (doc.deleted() && status == 404)) {
                continue; // done, or already applied (external version conflict), or nothing to delete
            }
            String reason = item.error().type() + ": " + item.error().reason();
            if (status == 429 || status >= 500) {
                throw new IllegalStateException("Elasticsearch failed to write " + doc.id() + " (" + status + "): " + reason);
            }
            log.error("{} {}: Elasticsearch refused document {} ({}): {}", verb, doc.cause(), doc.id(), status, reason);
            refused.add(doc.cause().failure(NAME, "Elasticsearch refused document " + doc.id() + " (" + status + "): "
                    + reason));
        }
        return refused;
    }

    @Override
    public String toString() {
        return "SearchProjector[" + (target == null ? runsTarget : target) + "]";
    }
}
