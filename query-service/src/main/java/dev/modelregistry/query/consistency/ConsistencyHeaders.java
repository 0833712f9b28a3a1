package dev.modelregistry.query.consistency;

/** Names of the read-your-writes parameter and headers. */
public final class ConsistencyHeaders {

    /** Query parameter: wait until the read models have reached this position. */
    public static final String MIN_POSITION_PARAMETER = "min_position";
    /** Request header with the same meaning as {@link #MIN_POSITION_PARAMETER}. */
    public static final String MIN_POSITION_HEADER = "X-Registry-Min-Position";
    /** Response header: the position the read models used by the answer had reached. */
    public static final String POSITION_HEADER = "X-Registry-Position";

    private ConsistencyHeaders() {
    }
}
