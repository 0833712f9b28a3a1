package dev.modelregistry.artifact;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lower-case hex digits: the key of a blob. Built only from checked text or raw bytes. */
public record Sha256(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** The digest of zero bytes (declared after HEX, which the constructor uses). */
    public static final Sha256 EMPTY = new Sha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    public Sha256 {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest (64 lower-case hex digits)");
        }
    }

    /** Accepts upper or lower case hex; anything else is {@link IllegalArgumentException}. */
    public static Sha256 parse(String text) {
        if (text == null || text.length() != 64) {
            throw new IllegalArgumentException("not a SHA-256 digest (64 hex digits)");
        }
        return new Sha256(text.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String text) {
        return text != null && HEX.matcher(text).matches();
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    @Override
    public String toString() {
        return hex;
    }
}
