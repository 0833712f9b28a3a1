package dev.modelregistry.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection (keep-alive), blocking, one request at a time. The load
 * generator shares the machine with the registry it measures, so its client must cost as little CPU
 * as possible: {@code java.net.http.HttpClient} spent ~0.9 ms of CPU per command (selector thread,
 * futures, HTTP/2 upgrade headers), this one a small fraction of it. It speaks only what the
 * registry answers: Content-Length or chunked bodies, reconnects when the server closes.
 */
final class HttpConnection implements AutoCloseable {

    /** Status, {@code X-Registry-Position} (-1 if absent) and body (UTF-8) of an answer. */
    record Answer(int status, long position, String body) {
    }

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param bearerToken sent as {@code Authorization: Bearer} on every request (the registry needs one) */
    HttpConnection(URI base, String bearerToken) {
        this(base, bearerToken, 60_000);
    }

    /** @param readTimeoutMillis how long one answer may take (a read-model rebuild with {@code wait=true} takes minutes) */
    HttpConnection(URI base, String bearerToken, int readTimeoutMillis) {
        this.readTimeoutMillis = readTimeoutMillis;
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n"
                + (bearerToken == null ? "" : "Authorization: Bearer " + bearerToken + "\r\n"))
                .getBytes(StandardCharsets.US_ASCII);
    }

    Answer post(String path, byte[] json) throws IOException {
        return exchange("POST", path, json, null);
    }

    /** A POST with one more request header, e.g. {@code X-Correlation-Id} to find the command's events in Kafka. */
    Answer post(String path, byte[] json, String headerName, String headerValue) throws IOException {
        return exchange("POST", path, json, (headerName + ": " + headerValue + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    Answer get(String path) throws IOException {
        return exchange("GET", path, null, null);
    }

    private Answer exchange(String method, String path, byte[] body, byte[] extraHeaders) throws IOException {
        for (int attempt = 1; ; attempt++) {
            boolean fresh = socket == null;
            try {
                if (fresh) {
                    connect();
                }
                write(method, path, body, extraHeaders);
                return read();
            } catch (IOException e) {
                close();
                // a kept-alive connection the server closed meanwhile: once more on a new one
                if (fresh || attempt > 1) {
                    throw e;
                }
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    private void write(String method, String path, byte[] body, byte[] extraHeaders) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
        request.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(hostHeader);
        if (extraHeaders != null) {
            request.writeBytes(extraHeaders);
        }
        if (body != null) {
            request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
        } else {
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        request.writeTo(out);
        out.flush();
    }

    private Answer read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        long position = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("X-Registry-Position")) {
                position = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfter = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(chunkSize(line()), 16); size > 0; size = Integer.parseInt(chunkSize(line()), 16)) {
                body.writeBytes(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length < length) {
                throw new EOFException("connection closed in the body");
            }
            body.writeBytes(bytes);
        } else {
            closeAfter = true;
            body.writeBytes(in.readAllBytes());
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, position, body.toString(StandardCharsets.UTF_8));
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
