package dev.modelregistry.query.consistency;

/** The projectors whose progress the query side can wait for (rows of {@code read_model.projection_progress}). */
public enum Projector {
    /** The PostgreSQL read models (models, versions, aliases, history, audit log). */
    POSTGRES("postgres"),
    /** The Elasticsearch index of versions. */
    SEARCH("search");

    private final String id;

    Projector(String id) {
        this.id = id;
    }

    /** The value of {@code projection_progress.projector}. */
    public String id() {
        return id;
    }
}
