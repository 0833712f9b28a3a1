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

    /** The global index of the aggregate's latest event. */
    public OptionalLong latestOfAggregate(String aggregateIdentifier) {
        return jdbc.query(lastOfAggregate, rows -> rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty(),
                aggregateIdentifier);
    }
}
