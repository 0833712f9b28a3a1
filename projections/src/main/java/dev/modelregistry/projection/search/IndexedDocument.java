package dev.modelregistry.projection.search;

/** A document of one of the search indices: {@code position} is its external version in Elasticsearch. */
interface IndexedDocument {

    /** position of the last event applied to the document */
    long position();
}
