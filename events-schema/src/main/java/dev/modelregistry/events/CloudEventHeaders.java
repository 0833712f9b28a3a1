package dev.modelregistry.events;

/** Kafka header names of the CloudEvents 1.0 binary binding and our extensions (docs/architecture.md). */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String POSITION = "ce_position";
    public static final String ACTOR = "ce_actor";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String REASON = "ce_reason";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    public static String dataSchema(String typeName, int version) {
        return "urn:dev.modelregistry:schema:" + typeName + ":" + version;
    }
}
