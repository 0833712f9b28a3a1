package dev.modelregistry.command.web;

import dev.modelregistry.artifact.ArtifactPath;
import dev.modelregistry.artifact.InvalidArtifactPathException;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads what an artifact upload declares in its headers, strictly: an expected digest (one or more
 * of {@value #SHA256}, RFC 9530 {@value #REPR_DIGEST} / {@value #CONTENT_DIGEST}
 * {@code sha-256=:<base64>:}, RFC 3230 {@value #DIGEST} {@code sha-256=<base64>}; several must
 * agree), a declared size ({@value #SIZE}), the media type (Content-Type) and a file name
 * ({@value #FILE_NAME}, else Content-Disposition's {@code filename*} or {@code filename}). Problems are
 * collected as {@link FieldProblem}s naming the header at fault. A pure function of the header values.
 */
final class ArtifactHeaders {

    static final String SHA256 = "X-Artifact-Sha256";
    static final String SIZE = "X-Artifact-Size";
    static final String FILE_NAME = "X-Artifact-Filename";
    static final String REPR_DIGEST = "Repr-Digest";
    static final String CONTENT_DIGEST = "Content-Digest";
    static final String DIGEST = "Digest";
    static final String CONTENT_DISPOSITION = "Content-Disposition";
    static final String CONTENT_TYPE = "Content-Type";

    static final int MAX_MEDIA_TYPE = 255;

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern SIZE_VALUE = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern UUID_VALUE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PART_NUMBER = Pattern.compile("[1-9][0-9]{0,4}");
    /** One member of an RFC 9530 dictionary: {@code key=:base64:} (parameters are not allowed there). */
    private static final Pattern STRUCTURED_MEMBER = Pattern.compile("\\s*([a-z][a-z0-9_\\-.*]*)\\s*=\\s*:([A-Za-z0-9+/=]*):\\s*");
    /** One member of an RFC 3230 instance digest list: {@code algorithm=base64}. */
    private static final Pattern LEGACY_MEMBER = Pattern.compile("\\s*([A-Za-z0-9\\-]+)\\s*=\\s*([A-Za-z0-9+/=]+)\\s*");

    /** The expected digest (lower-case hex) and the header it came from, or nulls. */
    record Expected(String sha256, String field) {
    }

    private final List<FieldProblem> problems = new ArrayList<>();

    List<FieldProblem> problems() {
        return problems;
    }

    /** The digest the client expects, from whichever digest headers it sent (they must agree). */
    Expected expectedDigest(String sha256Header, String reprDigest, String contentDigest, String legacyDigest) {
        List<Expected> found = new ArrayList<>();
        if (sha256Header != null) {
            if (HEX.matcher(sha256Header.strip()).matches()) {
                found.add(new Expected(sha256Header.strip().toLowerCase(Locale.ROOT), SHA256));
            } else {
                problem(SHA256, ProblemTypes.INVALID_SHA256, SHA256 + " is 64 hex digits.");
            }
        }
        structured(REPR_DIGEST, reprDigest, found);
        structured(CONTENT_DIGEST, contentDigest, found);
        if (legacyDigest != null) {
            String sha = null;
            for (String member : legacyDigest.split(",", -1)) {
                Matcher matcher = LEGACY_MEMBER.matcher(member);
                if (!matcher.matches()) {
                    problem(DIGEST, ProblemTypes.INVALID_DIGEST, "Digest is a list of algorithm=base64 (RFC 3230).");
                    return first(found);
                }
                if (matcher.group(1).equalsIgnoreCase("sha-256")) {
                    sha = base64Sha256(DIGEST, matcher.group(2));
                    if (sha == null) {
                        return first(found);
                    }
                }
            }
            if (sha == null) {
                problem(DIGEST, ProblemTypes.INVALID_DIGEST, "Only sha-256 is supported; send Digest: sha-256=<base64>.");
            } else {
                found.add(new Expected(sha, DIGEST));
            }
        }
        for (Expected other : found) {
            if (!other.sha256().equals(found.getFirst().sha256())) {
                problem(other.field(), ProblemTypes.CONFLICTING_DIGESTS,
                        other.field() + " names another digest than " + found.getFirst().field() + ".");
                break;
            }
        }
        return first(found);
    }

    /** The declared size in bytes, or null. */
    Long size(String header) {
        if (header == null) {
            return null;
        }
        if (!SIZE_VALUE.matcher(header.strip()).matches()) {
            problem(SIZE, ProblemTypes.INVALID_SIZE, SIZE + " is a number of bytes (0 or more, digits only).");
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            problem(SIZE, ProblemTypes.INVALID_SIZE, SIZE + " is too large.");
            return null;
        }
    }

    /** The media type to record (normalised), or null when the request has none. */
    String mediaType(String contentType, String field) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        if (contentType.length() > MAX_MEDIA_TYPE) {
            problem(field, ProblemTypes.INVALID_MEDIA_TYPE, "A media type has at most " + MAX_MEDIA_TYPE + " characters.");
            return null;
        }
        try {
            MediaType parsed = MediaType.parseMediaType(contentType);
            if (parsed.isWildcardType() || parsed.isWildcardSubtype()) {
                problem(field, ProblemTypes.INVALID_MEDIA_TYPE, "A stored artifact has a concrete media type, not a pattern.");
                return null;
            }
            return parsed.toString();
        } catch (InvalidMediaTypeException e) {
            problem(field, ProblemTypes.INVALID_MEDIA_TYPE, "Not a media type such as application/octet-stream.");
            return null;
        }
    }

    /**
     * The file name from {@value #FILE_NAME} (plain, or RFC 8187 {@code UTF-8''percent-encoded}), else
     * from Content-Disposition; null when neither is sent. It is metadata only (never a file or object
     * name), and must still be a plausible single file name: the rules of an artifact path segment.
     */
    String fileName(String fileNameHeader, String contentDisposition) {
        if (fileNameHeader != null) {
            String name = fileNameHeader.regionMatches(true, 0, "UTF-8''", 0, 7)
                    ? percentDecoded(fileNameHeader.substring(7))
                    : latin1AsText(fileNameHeader);
            return name == null ? null : validFileName(FILE_NAME, name);
        }
        if (contentDisposition != null) {
            String name;
            try {
                name = ContentDisposition.parse(contentDisposition).getFilename();
            } catch (IllegalArgumentException e) {
                problem(CONTENT_DISPOSITION, ProblemTypes.INVALID_FILE_NAME,
                        "Content-Disposition is not well-formed (RFC 6266).");
                return null;
            }
            return name == null ? null : validFileName(CONTENT_DISPOSITION, name);
        }
        return null;
    }

    /** A checked file name (JSON field or header). */
    String validFileName(String field, String name) {
        try {
            ArtifactPath path = ArtifactPath.parse(name);
            if (path.segments().size() != 1) {
                problem(field, ProblemTypes.INVALID_FILE_NAME, "A file name, not a path: it must not contain '/'.");
                return null;
            }
            return path.value();
        } catch (InvalidArtifactPathException e) {
            problem(field, ProblemTypes.INVALID_FILE_NAME, "Not a valid file name (" + e.reason() + "): "
                    + e.getMessage().replace("path", "file name") + ".");
            return null;
        }
    }

    /** An upload session id: a UUID in its canonical 8-4-4-4-12 form (any case). */
    UUID uploadId(String text) {
        if (text == null || !UUID_VALUE.matcher(text).matches()) {
            problem("upload_id", ProblemTypes.INVALID_UPLOAD_ID, "An upload id is a UUID as returned when the upload started.");
            return null;
        }
        return UUID.fromString(text);
    }

    /** A part number, 1 to 10,000. */
    Integer partNumber(String text) {
        if (text == null || !PART_NUMBER.matcher(text).matches() || Integer.parseInt(text) > 10_000) {
            problem("part_number", ProblemTypes.INVALID_PART_NUMBER, "A part number is 1 to 10000.");
            return null;
        }
        return Integer.parseInt(text);
    }

    // ---------------------------------------------------------------------------------------------

    private void structured(String field, String header, List<Expected> found) {
        if (header == null) {
            return;
        }
        String sha = null;
        for (String member : header.split(",", -1)) {
            Matcher matcher = STRUCTURED_MEMBER.matcher(member);
            if (!matcher.matches()) {
                problem(field, ProblemTypes.INVALID_DIGEST, field + " is a dictionary such as sha-256=:<base64>: (RFC 9530).");
                return;
            }
            if (matcher.group(1).equals("sha-256")) {
                sha = base64Sha256(field, matcher.group(2));
                if (sha == null) {
                    return;
                }
            }
        }
        if (sha == null) {
            problem(field, ProblemTypes.INVALID_DIGEST, "Only sha-256 is supported; send " + field + ": sha-256=:<base64>:.");
            return;
        }
        found.add(new Expected(sha, field));
    }

    private String base64Sha256(String field, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != 32) {
            problem(field, ProblemTypes.INVALID_DIGEST, "The sha-256 value of " + field + " is not the base64 of 32 bytes.");
            return null;
        }
        return HexFormat.of().formatHex(bytes);
    }

    /** Header values arrive as ISO-8859-1; a plain file name header must be printable ASCII. */
    private String latin1AsText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                problem(FILE_NAME, ProblemTypes.INVALID_FILE_NAME, "Send a non-ASCII or control character in "
                        + FILE_NAME + " as UTF-8''<percent-encoded UTF-8> (RFC 8187); control characters are refused.");
                return null;
            }
        }
        return value;
    }

    private String percentDecoded(String encoded) {
        byte[] out = new byte[encoded.length()];
        int length = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && isHex(encoded.charAt(i + 1)) && isHex(encoded.charAt(i + 2))) {
                out[length++] = (byte) Integer.parseInt(encoded, i + 1, i + 3, 16);
                i += 2;
            } else if (c > 0x20 && c < 0x7f && c != '%') {
                out[length++] = (byte) c;
            } else {
                problem(FILE_NAME, ProblemTypes.INVALID_FILE_NAME, FILE_NAME
                        + " after UTF-8'' is percent-encoded UTF-8 (RFC 8187).");
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out, 0, length)).toString();
        } catch (CharacterCodingException e) {
            problem(FILE_NAME, ProblemTypes.INVALID_FILE_NAME, FILE_NAME + " is not valid UTF-8 once decoded.");
            return null;
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Expected first(List<Expected> found) {
        return found.isEmpty() ? new Expected(null, null) : found.getFirst();
    }

    private void problem(String field, String code, String detail) {
        problems.add(new FieldProblem(field, code, detail));
    }
}
