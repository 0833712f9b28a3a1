package dev.modelregistry.projection.search;

import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.projection.core.IncomingEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The documents of one index that a batch touches, in memory: loaded from the index, changed by the
 * events in order, then written back with one bulk request. No I/O, so the event-to-document rules
 * ({@link SearchState} for versions, {@link RunSearchState} for runs) are testable alone.
 *
 * <p>A document changes only for an event newer than the last one applied to it (its
 * {@code position}, which is also its external version in Elasticsearch), so replays and duplicates
 * leave it as it is.
 */
abstract class DocumentBatch<D extends IndexedDocument> {

    /** One document id: its current document (null when absent or deleted) and what to write. */
    static final class Doc<D> {
        final String id;
        D document;
        /** position of the last event applied (document version or deletion position); 0 = never */
        long version;
        boolean dirty;
        boolean deleted;
        /** the last event that changed it, to park when Elasticsearch refuses the document */
        IncomingEvent cause;

        Doc(String id, D document, long version) {
            this.id = id;
            this.document = document;
            this.version = version;
        }
    }

    final Map<String, Doc<D>> docs = new LinkedHashMap<>();

    /** The ids the batch's events read or write, in the order first met. */
    static Set<String> affectedIds(Collection<IncomingEvent> events, Function<RegistryEvent, List<String>> ofEvent) {
        Set<String> ids = new LinkedHashSet<>();
        for (IncomingEvent event : events) {
            ids.addAll(ofEvent.apply(event.event()));
        }
        return ids;
    }

    /** Applies one event to the documents it affects; returns how many documents it changed. */
    abstract int apply(IncomingEvent incoming);

    /** Registers a loaded document (or its absence: {@code document == null, version == 0}). */
    void loaded(String id, D document, long version) {
        docs.put(id, new Doc<>(id, document, document != null ? Math.max(version, document.position()) : version));
    }

    /** The documents to write, in the order they were first touched. */
    List<Doc<D>> changes() {
        List<Doc<D>> changes = new ArrayList<>();
        for (Doc<D> doc : docs.values()) {
            if (doc.dirty) {
                changes.add(doc);
            }
        }
        return changes;
    }

    /** Creates a document: once, and never again after its deletion. Returns how many documents changed. */
    final int create(String id, IncomingEvent cause, Supplier<D> document) {
        Doc<D> doc = doc(id);
        if (position(cause) > doc.version && doc.document == null && !doc.deleted) {
            write(doc, document.get(), cause);
            return 1;
        }
        return 0;
    }

    /** Changes an existing, live document the event is newer than. Returns how many documents changed. */
    final int update(String id, IncomingEvent cause, UnaryOperator<D> change) {
        Doc<D> doc = doc(id);
        if (doc.document == null || doc.deleted || position(cause) <= doc.version) {
            return 0;
        }
        write(doc, change.apply(doc.document), cause);
        return 1;
    }

    /** Deletes a document (loaded or not) the event is newer than. Returns how many documents changed. */
    final int delete(String id, IncomingEvent cause) {
        Doc<D> doc = doc(id);
        long position = position(cause);
        if (position > doc.version && !doc.deleted) {
            doc.document = null;
            doc.version = position;
            doc.dirty = true;
            doc.deleted = true;
            doc.cause = cause;
            return 1;
        }
        return 0;
    }

    /**
     * Deletes every document of a deleted parent: those listed from the index before the batch and
     * those of the batch in memory that belong to it. Returns how many documents changed.
     */
    final int deleteAll(Set<String> listed, Predicate<D> belongs, IncomingEvent cause) {
        Set<String> ids = new LinkedHashSet<>(listed);
        for (Doc<D> doc : docs.values()) {
            if (doc.document != null && belongs.test(doc.document)) {
                ids.add(doc.id);
            }
        }
        int changed = 0;
        for (String id : ids) {
            changed += delete(id, cause);
        }
        return changed;
    }

    private Doc<D> doc(String id) {
        return docs.computeIfAbsent(id, key -> new Doc<>(key, null, 0));
    }

    private static long position(IncomingEvent cause) {
        return cause.envelope().position();
    }

    private static <D extends IndexedDocument> void write(Doc<D> doc, D document, IncomingEvent cause) {
        doc.document = document;
        doc.version = document.position();
        doc.dirty = true;
        doc.deleted = false;
        doc.cause = cause;
    }
}
