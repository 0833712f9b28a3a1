package dev.modelregistry.query.artifact;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download (RFC 6266): always {@code attachment}, so that a
 * browser saves the file instead of rendering it, with the name twice: {@code filename} in plain
 * ASCII (anything else, quotes and backslashes replaced by {@code _}) for old clients, and
 * {@code filename*} as RFC 8187 (5987) UTF-8 percent-encoding for the exact name. Nothing of the name
 * can end the header or add a parameter: every byte outside the attr-char set is percent-encoded.
 */
final class Attachment {

    private Attachment() {
    }

    /**
     * @param name the file's own name (the last segment of an artifact path, or an uploader's file
     *             name); only its last {@code /}- or {@code \}-separated part is used
     * @param fallback used when nothing usable is left of {@code name} (a digest)
     */
    static String contentDisposition(String name, String fallback) {
        String fileName = fileName(name);
        if (fileName == null) {
            fileName = fallback;
        }
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
    }

    /** The last path part without control characters; null when that leaves nothing, {@code .} or {@code ..}. */
    static String fileName(String name) {
        if (name == null) {
            return null;
        }
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        StringBuilder clean = new StringBuilder();
        name.substring(cut + 1).codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                        && Character.getType(cp) != Character.SURROGATE
                        && cp != '\u2028' && cp != '\u2029')
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? null : result;
    }

    private static String asciiFallback(String name) {
        StringBuilder ascii = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%'
                ? (char) cp : '_'));
        return ascii.toString();
    }

    /** RFC 8187 value-chars: attr-char as is, every other UTF-8 byte as {@code %XX}. */
    private static String encode(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
