package dev.modelregistry.command.artifact;

import dev.modelregistry.events.CanonicalJson;
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
            CanonicalJson.appendString(json, file.path());
            json.append(",\"sha256\":");
            CanonicalJson.appendString(json, file.sha256());
            json.append(",\"size\":").append(file.size() == null ? "null" : Long.toString(file.size())).append('}');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

}
