package dev.modelregistry.command.model;

import dev.modelregistry.events.CanonicalJson;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.Lineage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lineage hash of a version: SHA-256 (lower-case hex) of a canonical JSON document
 *
 * <pre>{"code_commit":C,"data_window":{"from":F,"to":T},"feature_graph_hash":G,"params":{K:V,...}}</pre>
 *
 * with keys in that (lexicographic) order, params sorted by key (UTF-16 code unit order, as
 * {@link String#compareTo}), no white space, absent values as {@code null}, times as
 * {@link Instant#toString()} (UTC, ISO-8601, 'Z'), strings escaped as JSON requires ({@code \" \\ \b \f
 * \n \r \t}, other control characters as {@code \}{@code u00XX}, everything else as UTF-8). Two versions
 * with equal weights but different code, data, features or hyperparameters get different hashes;
 * datasets, run id and parents are deliberately not part of it. A pure function: same inputs, same hash,
 * in any language that follows the rules above.
 */
public final class LineageHash {

    private LineageHash() {
    }

    public static String of(Lineage lineage, Map<String, String> params) {
        return sha256Hex(canonicalJson(lineage, params));
    }

    /** The exact document that is hashed (exposed for documentation and cross-language tests). */
    public static String canonicalJson(Lineage lineage, Map<String, String> params) {
        String codeCommit = lineage == null ? null : lineage.codeCommit();
        String featureGraphHash = lineage == null ? null : lineage.featureGraphHash();
        DataWindow window = lineage == null ? null : lineage.dataWindow();
        StringBuilder json = new StringBuilder(256);
        json.append("{\"code_commit\":");
        CanonicalJson.appendString(json, codeCommit);
        json.append(",\"data_window\":");
        if (window == null) {
            json.append("null");
        } else {
            json.append("{\"from\":");
            CanonicalJson.appendString(json, instant(window.from()));
            json.append(",\"to\":");
            CanonicalJson.appendString(json, instant(window.to()));
            json.append('}');
        }
        json.append(",\"feature_graph_hash\":");
        CanonicalJson.appendString(json, featureGraphHash);
        json.append(",\"params\":{");
        boolean first = true;
        for (Map.Entry<String, String> param : new TreeMap<>(params == null ? Map.of() : params).entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            CanonicalJson.appendString(json, param.getKey());
            json.append(':');
            CanonicalJson.appendString(json, param.getValue());
        }
        json.append("}}");
        return json.toString();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
