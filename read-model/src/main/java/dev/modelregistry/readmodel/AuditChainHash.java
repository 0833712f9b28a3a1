package dev.modelregistry.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The hashes of the audit chain (migration V5): the writer (the audit projector) and every verifier
 * (the query side's {@code GET /api/v1/audit:verify}, its command-line form, an external tool reading
 * {@code GET /api/v1/audit/stream}) compute them with these rules, documented in docs/operations.md:
 * <ul>
 * <li>{@code hash = sha256hex("registry-audit-v1\n" + prev_hash + "\n" + canonical(row))};</li>
 * <li>{@code global_hash = sha256hex("registry-audit-global-v1\n" + global_prev_hash + "\n" + chain_seq
 *     + "\n" + hash)};</li>
 * <li>the first link of a chain has the predecessor {@link #GENESIS} (64 zeros).</li>
 * </ul>
 * {@code canonical(row)} is a JSON object of the row's content with keys sorted, no whitespace, every
 * member present ({@code null} when absent), {@code occurred_at} as RFC 3339 UTC with exactly six
 * fractional digits, and the JSON columns (payload, before, after) canonical the same way with numbers
 * written as plain decimals without trailing zeros. The JSON columns are stored as {@code jsonb}, which
 * re-formats them (key order, whitespace, {@code 1e2} as {@code 100}); this canonical form is the same
 * for the text the writer had and the text PostgreSQL gives back, so the hash survives the round trip.
 */
public final class AuditChainHash {

    /** The predecessor of the first link of every chain. */
    public static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The content of one audit row that its hash covers: every column but the chain's own and the
     * Kafka coordinates it was read from (transport, not content).
     *
     * @param payload the event as JSON text; {@code beforeState}, {@code afterState} JSON text or null
     */
    public record Content(long position, UUID eventId, String eventType, int schemaVersion, String subject,
                          long subjectSeq, String model, Integer version, String actor, String correlationId,
                          String reason, OffsetDateTime occurredAt, String payload, String beforeState,
                          String afterState) {
    }

    private AuditChainHash() {
    }

    /** The hash of a row of a subject's chain: its content after its predecessor's hash. */
    public static String rowHash(String prevHash, Content content) {
        return sha256("registry-audit-v1\n" + prevHash + "\n" + canonical(content));
    }

    /** The hash of a row in the global chain: its place and its row hash after its predecessor's. */
    public static String globalHash(String globalPrevHash, long chainSeq, String rowHash) {
        return sha256("registry-audit-global-v1\n" + globalPrevHash + "\n" + chainSeq + "\n" + rowHash);
    }

    /**
     * The time as the read model stores it: UTC, whole microseconds (PostgreSQL's precision). The
     * writer stores this value so that what it hashed is exactly what is read back.
     */
    public static OffsetDateTime storedTime(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code occurred_at} as hashed: RFC 3339, UTC, six fractional digits. */
    public static String formatTime(OffsetDateTime time) {
        return TIME.format(storedTime(time));
    }

    /** The canonical JSON text of a row's content. */
    public static String canonical(Content c) {
        Map<String, String> members = new TreeMap<>();
        members.put("actor", string(c.actor()));
        members.put("after", c.afterState() == null ? "null" : canonicalJson(c.afterState()));
        members.put("before", c.beforeState() == null ? "null" : canonicalJson(c.beforeState()));
        members.put("correlation_id", string(c.correlationId()));
        members.put("event_id", string(c.eventId() == null ? null : c.eventId().toString()));
        members.put("event_type", string(c.eventType()));
        members.put("model", string(c.model()));
        members.put("occurred_at", string(c.occurredAt() == null ? null : formatTime(c.occurredAt())));
        members.put("payload", c.payload() == null ? "null" : canonicalJson(c.payload()));
        members.put("position", Long.toString(c.position()));
        members.put("reason", string(c.reason()));
        members.put("schema_version", Integer.toString(c.schemaVersion()));
        members.put("subject", string(c.subject()));
        members.put("subject_seq", Long.toString(c.subjectSeq()));
        members.put("version", c.version() == null ? "null" : Integer.toString(c.version()));
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        members.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(key).append("\":").append(value);
        });
        return out.append('}').toString();
    }

    /** Canonical JSON of a JSON text: sorted keys, no whitespace, numbers as plain decimals. */
    public static String canonicalJson(String json) {
        try {
            StringBuilder out = new StringBuilder(json.length());
            write(JSON.readTree(json), out);
            return out.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void write(JsonNode node, StringBuilder out) throws JsonProcessingException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                quote(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            // jsonb keeps a number's value, not its spelling (1e2 -> 100, 1.0E-5 -> 0.000010)
            BigDecimal value = node.decimalValue();
            out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("unexpected JSON node " + node.getNodeType());
        }
    }

    private static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2);
        quote(value, out);
        return out.toString();
    }

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    /**
     * A JSON string literal exactly as Jackson's default generator writes it (the chain's hashes were
     * defined with it): quote and backslash escaped, backspace, tab, line feed, form feed and carriage
     * return as their two-character escapes, other control characters as six-character escapes with
     * upper-case hex digits, everything else as is. Writing it by hand avoids a generator per string,
     * which was most of a rebuild's hashing time.
     */
    static void quote(String value, StringBuilder out) {
        out.append('"');
        int length = value.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
            }
        }
        out.append(value, start, length).append('"');
    }

    private static String sha256(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
