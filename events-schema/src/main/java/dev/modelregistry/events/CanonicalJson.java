package dev.modelregistry.events;

/**
 * The string rule of the registry's canonical JSON documents, whose digests are part of the event
 * contract (the lineage hash and the manifest document, docs/events.md and docs/artifacts.md):
 * {@code "} and {@code \} escaped, {@code \b \f \n \r \t} as such, other control characters as
 * {@code \}{@code u00xx} (lower-case hex), everything else as it is, as RFC 8785 (JCS) writes strings.
 * Written by hand so that no JSON library setting can ever change the bytes a digest is taken of.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Appends {@code value} as a JSON string, or {@code null} when it is null. */
    public static StringBuilder appendString(StringBuilder json, String value) {
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
