package dev.modelregistry.command.artifact;

import dev.modelregistry.events.model.ManifestFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical JSON document of a version's manifest (docs/artifacts.md, "The manifest document"):
 * {@code {"files":[{"path":...,"sha256":...,"size":...},...]}}, files sorted by path (Java string
 * order, i.e. by UTF-16 code units), members in this order, no white space, UTF-8, strings escaped
 * as RFC 8785 (JCS) does. The same files therefore always give the same bytes and the same digest,
 * whoever registers them. Written by hand rather than through a JSON library so that no mapper setting
 * can ever change the bytes.
 */
final class ManifestDocument {

    static final String MEDIA_TYPE = "application/vnd.modelregistry.manifest+json";

    private ManifestDocument() {
    }

    static byte[] of(List<ManifestFile> files) {
        List<ManifestFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ManifestFile::path));
        StringBuilder json = new StringBuilder(64 + 120 * sorted.size()).append("{\"files\":[");
        for (int i = 0; i < sorted.size(); i++) {
            ManifestFile file = sorted.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"path\":");
            string(json, file.path());
            json.append(",\"sha256\":");
            string(json, file.sha256());
            json.append(",\"size\":").append(file.size() == null ? "null" : Long.toString(file.size())).append('}');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string as RFC 8785 writes it: only {@code "}, {@code \} and control characters escaped. */
    private static void string(StringBuilder json, String value) {
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
        json.append('"');
    }
}
