package dev.modelregistry.command.refusal;

/**
 * What every domain refusal of the command side carries: a stable {@link #code()} (it ends the
 * problem type URI) and the request {@link #field()} at fault, if any. Each feature's refusals are one
 * sealed family below this ({@code RegistryError}, {@code ArtifactError}), mapped exhaustively by the
 * REST layer. Messages are written for the API user; stack traces are not captured (these are
 * answers, not bugs).
 */
public abstract class CommandRefusal extends RuntimeException {

    private final String code;
    private final String field;

    protected CommandRefusal(String code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    /** The request field or header at fault, or null. */
    public String field() {
        return field;
    }
}
