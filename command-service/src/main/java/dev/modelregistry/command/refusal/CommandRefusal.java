package dev.modelregistry.command.refusal;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

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

    /**
     * What a command failed with, found under Axon's and the JDK's wrappers (for example a
     * {@code CommandExecutionException} carrying the refusal as its cause or details): a refusal of the
     * {@code family} the caller maps, or Axon's {@code AggregateNotFoundException} or
     * {@code ConcurrencyException}; the thrown exception itself when none of them is inside.
     */
    public static Throwable causeIn(Throwable thrown, Class<? extends CommandRefusal> family) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (family.isInstance(current) || current instanceof AggregateNotFoundException
                    || current instanceof ConcurrencyException) {
                return current;
            }
            if (current instanceof CommandExecutionException execution
                    && execution.getDetails().orElse(null) instanceof CommandRefusal refusal
                    && family.isInstance(refusal)) {
                return refusal;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return thrown;
    }

    public String code() {
        return code;
    }

    /** The request field or header at fault, or null. */
    public String field() {
        return field;
    }
}
