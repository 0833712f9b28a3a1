package dev.modelregistry.query.support;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/** Builds the scope of a page token: the query's name and every parameter that shapes its result. */
public final class Scopes {

    private Scopes() {
    }

    public static String of(Object... parts) {
        return Arrays.stream(parts).map(part -> Objects.toString(part, "\u0000"))
                .collect(Collectors.joining("\u001f"));
    }
}
