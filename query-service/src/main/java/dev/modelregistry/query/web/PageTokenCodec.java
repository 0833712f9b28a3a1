package dev.modelregistry.query.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opaque keyset page tokens: base64url (no padding) of a 12-byte HMAC-SHA256 tag followed by the
 * cursor as a JSON array. The tag covers the cursor and the <em>scope</em>, a string naming the
 * query and its parameters, so a token changed by hand, or used with other parameters than the
 * ones that produced it, is refused with 400 {@code invalid_page_token}.
 *
 * <p>Cursor values are strings, longs ({@code Integer} is widened), doubles (kept exact, also
 * non-finite ones), booleans and nulls.
 */
public final class PageTokenCodec {

    public static final String PARAMETER = "page_token";
    /** Longer tokens are refused before decoding. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    private static final int TAG_LENGTH = 12;
    private static final String ALGORITHM = "HmacSHA256";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SecretKeySpec key;

    public PageTokenCodec(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("page token key must not be empty");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String encode(String scope, List<?> cursor) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object value : cursor) {
            switch (value) {
                case null -> array.addNull();
                case String s -> array.add(s);
                case Long l -> array.add(l);
                case Integer i -> array.add(i.longValue());
                case Double d -> array.addObject().put("d", Double.toString(d));
                case Boolean b -> array.add(b);
                default -> throw new IllegalArgumentException("unsupported cursor value type " + value.getClass());
            }
        }
        byte[] payload = JSON.writeValueAsBytes(array);
        byte[] token = new byte[TAG_LENGTH + payload.length];
        System.arraycopy(tag(scope, payload), 0, token, 0, TAG_LENGTH);
        System.arraycopy(payload, 0, token, TAG_LENGTH, payload.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * @return the cursor values in the order they were encoded
     * @throws QueryException 400 {@code invalid_page_token} for anything this codec did not produce
     *                        for the same scope
     */
    public List<Object> decode(String scope, String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length <= TAG_LENGTH) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOfRange(raw, TAG_LENGTH, raw.length);
        byte[] expected = Arrays.copyOf(tag(scope, payload), TAG_LENGTH);
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(raw, TAG_LENGTH))) {
            throw invalid();
        }
        JsonNode array;
        try {
            array = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw invalid();
        }
        if (array == null || !array.isArray()) {
            throw invalid();
        }
        List<Object> values = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            values.add(value(node));
        }
        return Collections.unmodifiableList(values);
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node instanceof ObjectNode object && object.size() == 1 && object.get("d") != null
                && object.get("d").isString()) {
            try {
                return Double.parseDouble(object.get("d").stringValue());
            } catch (NumberFormatException e) {
                throw invalid();
            }
        }
        throw invalid();
    }

    private byte[] tag(String scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static QueryException invalid() {
        return new QueryException(ProblemType.INVALID_PAGE_TOKEN, PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }
}
