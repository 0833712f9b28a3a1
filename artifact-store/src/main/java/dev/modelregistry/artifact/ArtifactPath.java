package dev.modelregistry.artifact;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The relative path of one file inside a version's manifest, such as {@code model.pkl},
 * {@code conda.yaml} or {@code code/train.py}. Only {@link #parse} builds one, so holding an
 * {@code ArtifactPath} means the text passed every rule below.
 *
 * <p>An artifact path is only ever a key in a manifest; it never becomes a file or object name
 * (blobs are named by their digest). The rules still refuse anything that could mean something
 * else to a file system, a URL or a person reading it, so that clients that materialise a
 * manifest on disk (the SDK, {@code mlflow artifacts download}) cannot be led outside their target
 * directory either:
 * <ul>
 *   <li>{@code /}-separated segments; no leading {@code /} ({@code absolute}), no trailing
 *       {@code /} ({@code trailing_slash}), no empty segment such as {@code a//b}
 *       ({@code empty_segment}), no {@code .} or {@code ..} segment ({@code dot_segment});</li>
 *   <li>no backslash ({@code backslash}) and no {@code C:} drive prefix ({@code drive_letter}),
 *       which are separators or roots on Windows;</li>
 *   <li>no ISO control character, NUL included, nor U+2028/U+2029 ({@code control_character}), and no Unicode format
 *       character such as bidi overrides or zero-width joiners ({@code format_character}), which
 *       make a name look like another one; no lone surrogate ({@code invalid_unicode});</li>
 *   <li>the text must already be in Unicode NFC ({@code not_normalized}): it is refused, not
 *       normalised, so two byte-different spellings can never name the same file;</li>
 *   <li>at most 1024 UTF-8 bytes in all ({@code too_long}) and 255 per segment
 *       ({@code segment_too_long}), the usual file-system limits;</li>
 *   <li>no segment that Windows reserves ({@code CON}, {@code NUL}, {@code COM1}, ... with or
 *       without an extension) or that ends in a dot or a space ({@code reserved}).</li>
 * </ul>
 *
 * <p>A path is never URL-decoded here: {@code %2e%2e/x} is a directory literally named
 * {@code %2e%2e}. Decoding is the HTTP layer's job and happens exactly once, before
 * {@link #parse}; decoding again would turn a double-encoded {@code %252e%252e} into {@code ..}
 * behind the checks.
 *
 * <p>Equality is exact string equality; there is deliberately no prefix test on strings. Use
 * {@link #segments()} (so {@code models2/x} is not inside {@code models}) or
 * {@link #startsWith(ArtifactPath)}, which compares whole segments.
 */
public record ArtifactPath(String value) {

    public static final int MAX_BYTES = 1024;
    public static final int MAX_SEGMENT_BYTES = 255;

    /** Rejects a direct construction that bypasses {@link #parse}. */
    public ArtifactPath {
        check(value);
    }

    /** The path, or {@link InvalidArtifactPathException} naming the first rule it breaks. */
    public static ArtifactPath parse(String text) {
        return new ArtifactPath(text);
    }

    /** Whether {@code text} would parse. */
    public static boolean isValid(String text) {
        try {
            check(text);
            return true;
        } catch (InvalidArtifactPathException e) {
            return false;
        }
    }

    public List<String> segments() {
        return List.of(value.split("/", -1));
    }

    /** The last segment: the file's own name. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** Whether {@code other}'s segments are a leading run of this path's segments (whole segments only). */
    public boolean startsWith(ArtifactPath other) {
        List<String> mine = segments();
        List<String> theirs = other.segments();
        return theirs.size() <= mine.size() && mine.subList(0, theirs.size()).equals(theirs);
    }

    @Override
    public String toString() {
        return value;
    }

    private static void check(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid("empty", "the path is empty");
        }
        // Character checks first, so that the later messages never concern invisible characters.
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            // Line and paragraph separators (U+2028, U+2029) break lines like control characters do.
            if (Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                throw invalid("control_character", "the path contains a control character at index " + i);
            }
            if (type == Character.FORMAT) {
                throw invalid("format_character",
                        "the path contains an invisible Unicode format character (U+%04X) at index %d".formatted(cp, i));
            }
            if (type == Character.SURROGATE) {
                throw invalid("invalid_unicode", "the path contains an unpaired surrogate at index " + i);
            }
            if (cp == '\\') {
                throw invalid("backslash", "the path contains a backslash; use '/' between segments");
            }
            i += Character.charCount(cp);
        }
        if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            throw invalid("not_normalized", "the path is not in Unicode normalization form C (NFC)");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw invalid("too_long", "the path is longer than " + MAX_BYTES + " UTF-8 bytes");
        }
        if (text.charAt(0) == '/') {
            throw invalid("absolute", "the path is absolute; it must be relative to the version");
        }
        if (text.length() >= 2 && text.charAt(1) == ':' && isAsciiLetter(text.charAt(0))) {
            throw invalid("drive_letter", "the path starts with a drive letter");
        }
        if (text.endsWith("/")) {
            throw invalid("trailing_slash", "the path ends with '/'; it must name a file");
        }
        int index = 0;
        for (String segment : text.split("/", -1)) {
            index++;
            if (segment.isEmpty()) {
                throw invalid("empty_segment", "segment " + index + " of the path is empty ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid("dot_segment", "segment " + index + " of the path is '.' or '..'");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid("segment_too_long",
                        "segment " + index + " of the path is longer than " + MAX_SEGMENT_BYTES + " UTF-8 bytes");
            }
            if (isReserved(segment)) {
                throw invalid("reserved", "segment " + index + " of the path is a reserved name"
                        + " (a Windows device name, or one ending in '.' or ' ')");
            }
        }
    }

    private static boolean isReserved(String segment) {
        char last = segment.charAt(segment.length() - 1);
        if (last == '.' || last == ' ') {
            return true;
        }
        int dot = segment.indexOf('.');
        String stem = (dot < 0 ? segment : segment.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        return switch (stem) {
            case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" -> true;
            default -> stem.length() == 4
                    && (stem.startsWith("COM") || stem.startsWith("LPT"))
                    && ((stem.charAt(3) >= '1' && stem.charAt(3) <= '9')
                        || stem.charAt(3) == '¹' || stem.charAt(3) == '²' || stem.charAt(3) == '³');
        };
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static InvalidArtifactPathException invalid(String reason, String message) {
        return new InvalidArtifactPathException(reason, message);
    }
}
