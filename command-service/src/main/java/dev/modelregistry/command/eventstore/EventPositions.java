package dev.modelregistry.command.eventstore;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads positions (Axon global indexes) of stored events. Both lookups use unique indexes: the event
 * identifier and (aggregate_identifier, sequence_number). Queries join the caller's Spring transaction
 * when there is one (the publisher reads inside its batch transaction).
 */
public final class EventPositions {

    private final JdbcTemplate jdbc;
    private final String byIdentifiers;
    private final String lastOfAggregate;

    public EventPositions(DataSource dataSource, String schema) {
        this.jdbc = new JdbcTemplate(dataSource);
        String table = schema + ".domain_event_entry";
        this.byIdentifiers = "select event_identifier, global_index from " + table + " where event_identifier = any(?)";
        this.lastOfAggregate = "select global_index from " + table
                + " where aggregate_identifier = ? order by sequence_number desc limit 1";
    }

    /** Global index per event identifier, for the identifiers that are stored. */
    public Map<String, Long> positionsOf(Collection<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>();
        if (eventIdentifiers.isEmpty()) {
            return positions;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(byIdentifiers)) {
                Array ids = connection.createArrayOf("varchar", eventIdentifiers.toArray());
                statement.setArray(1, ids);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        positions.put(rows.getString(1), rows.getLong(2));
                    }
                }
                ids.free();
            }
            return null;
        });
        return positions;
    }

    /** The highest global index among these events (the last one a command wrote). */
    public OptionalLong lastOf(Collection<String> eventIdentifiers) {
        return positionsOf(eventIdentifiers).values().stream().mapToLong(Long::longValue).max();
    }

    /** A command's result as its handler answered it, and the position of its last event. */
    public record Answer<R>(R result, long position) {
    }

    /**
     * What the command bus answered for one command ({@link CommandPositions.Recorded}): the handler's
     * result, which must be a {@code type}, and the position of the command's last event, or of the
     * aggregate's latest event when the command recorded none (its state already includes that one).
     *
     * @throws IllegalStateException when the answer was not recorded (the interceptor is missing) or
     *         the result is not a {@code type}: a wiring bug, not a refusal
     */
    public <R> Answer<R> answerOf(Object answer, Class<R> type, String aggregateIdentifier) {
        if (!(answer instanceof CommandPositions.Recorded recorded) || !type.isInstance(recorded.result())) {
            throw new IllegalStateException("the command's answer was not recorded with a " + type.getSimpleName()
                    + "; is the CommandPositions interceptor registered on the command bus?");
        }
        OptionalLong position = recorded.position().get();
        if (position.isEmpty()) {
            position = latestOfAggregate(aggregateIdentifier);
        }
        return new Answer<>(type.cast(recorded.result()), position.orElse(0L));
    }

    /** The global index of the aggregate's latest event. */
    public OptionalLong latestOfAggregate(String aggregateIdentifier) {
        return jdbc.query(lastOfAggregate, rows -> rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty(),
                aggregateIdentifier);
    }
}
