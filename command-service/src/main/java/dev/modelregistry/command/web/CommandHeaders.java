package dev.modelregistry.command.web;

import org.springframework.http.HttpHeaders;

/** HTTP headers of the command API. */
public final class CommandHeaders {

    /** On every successful command answer: global position (event store index) of the command's last event. */
    public static final String POSITION = "X-Registry-Position";

    /** Taken from the request when valid (1-128 of {@code A-Z a-z 0-9 . _ : -}), else a new UUID; echoed. */
    public static final String CORRELATION_ID = "X-Correlation-Id";

    private CommandHeaders() {
    }

    /** The headers of a successful command answer: its position and correlation id. */
    static HttpHeaders of(long position, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(POSITION, Long.toString(position));
        headers.set(CORRELATION_ID, correlationId);
        return headers;
    }
}
