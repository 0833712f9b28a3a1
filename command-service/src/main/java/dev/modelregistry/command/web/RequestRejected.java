package dev.modelregistry.command.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Input refused at the HTTP edge, before any command is sent: nothing changed. {@link #code()} and
 * {@link #field()} describe the first problem; {@link #errors()} lists all of them.
 */
public final class RequestRejected extends RuntimeException {

    /** One problem with one field; {@code field} is a JSON path such as {@code lineage.data_window[1]}. */
    public record FieldProblem(String field, String code, String detail) {
    }

    private final HttpStatus status;
    private final List<FieldProblem> errors;
    private final Map<String, Object> properties;

    private RequestRejected(HttpStatus status, List<FieldProblem> errors, Map<String, Object> properties) {
        super(errors.getFirst().detail(), null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.properties = properties;
    }

    private RequestRejected(HttpStatus status, List<FieldProblem> errors) {
        this(status, errors, Map.of());
    }

    /** The same rejection with one more member of the problem document (for example the {@code limit} exceeded). */
    public RequestRejected withProperty(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(name, value);
        return new RequestRejected(status, errors, Map.copyOf(more));
    }

    /** Extra members of the problem document. */
    public Map<String, Object> properties() {
        return properties;
    }

    public static RequestRejected invalid(List<FieldProblem> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs at least one problem");
        }
        return new RequestRejected(HttpStatus.BAD_REQUEST, errors);
    }

    public static RequestRejected of(HttpStatus status, String field, String code, String detail) {
        return new RequestRejected(status, List.of(new FieldProblem(field, code, detail)));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return errors.getFirst().code();
    }

    public String field() {
        return errors.getFirst().field();
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
