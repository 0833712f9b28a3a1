package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.ACCESS_NAMESPACE;
import static dev.modelregistry.readmodel.jooq.Tables.ACCESS_USER;
import static dev.modelregistry.readmodel.jooq.Tables.ALIAS_NAME;
import static dev.modelregistry.readmodel.jooq.Tables.API_TOKEN;
import static dev.modelregistry.readmodel.jooq.Tables.GLOBAL_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.NAMESPACE_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.TEAM_MEMBER_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.USER_DISABLED_HISTORY;

import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.ApiTokenIssued;
import dev.modelregistry.events.access.ApiTokenRevoked;
import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.GlobalRoleRevoked;
import dev.modelregistry.events.access.NamespaceCreated;
import dev.modelregistry.events.access.NamespaceEvent;
import dev.modelregistry.events.access.NamespaceRoleGranted;
import dev.modelregistry.events.access.NamespaceRoleRevoked;
import dev.modelregistry.events.access.RefreshTokenReuseDetected;
import dev.modelregistry.events.access.TeamMemberAdded;
import dev.modelregistry.events.access.TeamMemberRemoved;
import dev.modelregistry.events.access.UserCreated;
import dev.modelregistry.events.access.UserDisabled;
import dev.modelregistry.events.access.UserEnabled;
import dev.modelregistry.events.access.UserEvent;
import dev.modelregistry.events.access.UserPasswordChanged;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.projection.core.Unnest;
import dev.modelregistry.projection.postgres.PostgresState.CloseOp;
import dev.modelregistry.projection.postgres.PostgresState.IntervalRow;
import dev.modelregistry.projection.postgres.PostgresState.Intervals;
import dev.modelregistry.projection.postgres.PostgresState.ModelRow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * The validity-interval rows of one batch that serve point-in-time queries: the access read model
 * (users, disabled periods, namespaces, team members, namespace and global grants, API tokens) from the
 * {@link AccessEvent} family, and the history of models ({@code model_history}: the model row after
 * each of its events, owner team and deprecation state included; {@code alias_name}: every alias name a model used). No I/O until
 * {@link #flush(PostgresBatch)}; every write is idempotent (ON CONFLICT DO NOTHING on the interval's
 * opening position, closes guarded by position), like the rest of the batch.
 */
final class HistoryRows {

    record MemberKey(String namespace, String username) {
    }

    record NamespaceGrantKey(String namespace, String principal, String role) {
    }

    record GlobalGrantKey(String principal, String role) {
    }

    /** The mutable columns of {@code model} after one event. */
    record ModelSnapshot(String description, String ownerTeam, Map<String, String> tags, int latestVersion,
                         String updatedBy, OffsetDateTime deletedAt, String deletedBy,
                         OffsetDateTime deprecationWarnedAt, OffsetDateTime deprecationExpiresAt,
                         OffsetDateTime expiredAt) {
    }

    private record NewUser(String username, String displayName, OffsetDateTime at, String actor, long position) {
    }

    private record NewNamespace(String namespace, String description, OffsetDateTime at, String actor,
                                long position) {
    }

    private static final class NewToken {
        final ApiTokenIssued issued;
        final OffsetDateTime at;
        final long position;
        OffsetDateTime revokedAt;
        String revokedBy;
        Long revokedPosition;

        NewToken(ApiTokenIssued issued, OffsetDateTime at, long position) {
            this.issued = issued;
            this.at = at;
            this.position = position;
        }
    }

    private record Revocation(String tokenId, OffsetDateTime at, String actor, long position) {
    }

    private final List<NewUser> users = new ArrayList<>();
    private final List<NewNamespace> namespaces = new ArrayList<>();
    private final Map<String, NewToken> tokens = new LinkedHashMap<>();
    private final List<Revocation> revocations = new ArrayList<>();
    private final Intervals<String> disabled = new Intervals<>();
    private final Intervals<MemberKey> members = new Intervals<>();
    private final Intervals<NamespaceGrantKey> namespaceGrants = new Intervals<>();
    private final Intervals<GlobalGrantKey> globalGrants = new Intervals<>();
    private final Intervals<String> models = new Intervals<>();
    private final Set<List<String>> aliasNames = new LinkedHashSet<>();

    /** Applies one access event; the audit row is the caller's. Never refuses: every event only adds history. */
    String apply(AccessEvent event, long position, OffsetDateTime at, String actor) {
        switch (event) {
            case UserEvent e -> {
                switch (e) {
                    case UserCreated u -> users.add(new NewUser(u.username(), u.displayName(), at, actor, position));
                    case UserDisabled u -> disabled.open(u.username(), u.reason(), at, position);
                    case UserEnabled u -> disabled.close(u.username(), at, position);
                    case ApiTokenIssued t -> tokens.put(t.tokenId(), new NewToken(t, at, position));
                    case ApiTokenRevoked t -> {
                        NewToken issued = tokens.get(t.tokenId());
                        if (issued != null) {
                            issued.revokedAt = at;
                            issued.revokedBy = actor;
                            issued.revokedPosition = position;
                        } else {
                            revocations.add(new Revocation(t.tokenId(), at, actor, position));
                        }
                    }
                    // no state: the command side's credentials change, the audit log records it
                    case UserPasswordChanged u -> {
                    }
                    case RefreshTokenReuseDetected u -> {
                    }
                }
            }
            case NamespaceEvent e -> {
                switch (e) {
                    case NamespaceCreated n -> namespaces.add(new NewNamespace(n.namespace(), n.description(), at,
                            actor, position));
                    case TeamMemberAdded m -> members.open(new MemberKey(m.namespace(), m.username()), m.username(),
                            at, position);
                    case TeamMemberRemoved m -> members.close(new MemberKey(m.namespace(), m.username()), at, position);
                    case NamespaceRoleGranted g -> namespaceGrants.open(
                            new NamespaceGrantKey(g.namespace(), g.principal(), g.role().label()), g.role().label(),
                            at, position);
                    case NamespaceRoleRevoked g -> namespaceGrants.close(
                            new NamespaceGrantKey(g.namespace(), g.principal(), g.role().label()), at, position);
                }
            }
            case GlobalRoleGranted g -> globalGrants.open(new GlobalGrantKey(g.principal(), g.role().label()),
                    g.role().label(), at, position);
            case GlobalRoleRevoked g -> globalGrants.close(new GlobalGrantKey(g.principal(), g.role().label()), at,
                    position);
        }
        return null;
    }

    /** A model event was applied at {@code position}: the model row's new state is true from {@code at}. */
    void modelApplied(ModelEvent event, ModelRow row, OffsetDateTime at, long position) {
        ModelSnapshot snapshot = new ModelSnapshot(row.description, row.ownerTeam, row.tags, row.latestVersion,
                row.updatedBy, row.deletedAt, row.deletedBy, row.deprecationWarnedAt, row.deprecationExpiresAt,
                row.expiredAt);
        if (event instanceof ModelRegistered) {
            models.openFirst(row.name, snapshot, at, position);
        } else {
            models.open(row.name, snapshot, at, position);
        }
        if (event instanceof AliasAssigned e) {
            aliasNames.add(List.of(e.model(), e.alias()));
        }
    }

    // ---------------------------------------------------------------- flush

    void flush(PostgresBatch batch) {
        var u = ACCESS_USER;
        batch.insert(u, List.of(u.USERNAME, u.DISPLAY_NAME, u.CREATED_AT, u.CREATED_BY, u.POSITION), users,
                (NewUser r) -> Arrays.asList(r.username(), r.displayName(), r.at(), r.actor(), r.position()));
        var n = ACCESS_NAMESPACE;
        batch.insert(n, List.of(n.NAMESPACE, n.DESCRIPTION, n.CREATED_AT, n.CREATED_BY, n.POSITION), namespaces,
                (NewNamespace r) -> Arrays.asList(r.namespace(), r.description(), r.at(), r.actor(), r.position()));
        flushTokens(batch);

        var d = USER_DISABLED_HISTORY;
        intervals(batch, d, List.of(d.USERNAME), disabled, key -> List.of(key), d.VALID_FROM, d.VALID_TO,
                d.FROM_POSITION, d.TO_POSITION, List.of(d.REASON));
        var m = TEAM_MEMBER_HISTORY;
        intervals(batch, m, List.of(m.NAMESPACE, m.USERNAME), members, key -> List.of(key.namespace(), key.username()),
                m.VALID_FROM, m.VALID_TO, m.FROM_POSITION, m.TO_POSITION, List.of());
        var ng = NAMESPACE_GRANT_HISTORY;
        intervals(batch, ng, List.of(ng.NAMESPACE, ng.PRINCIPAL, ng.ROLE), namespaceGrants,
                key -> List.of(key.namespace(), key.principal(), key.role()), ng.VALID_FROM, ng.VALID_TO,
                ng.FROM_POSITION, ng.TO_POSITION, List.of());
        var gg = GLOBAL_GRANT_HISTORY;
        intervals(batch, gg, List.of(gg.PRINCIPAL, gg.ROLE), globalGrants, key -> List.of(key.principal(), key.role()),
                gg.VALID_FROM, gg.VALID_TO, gg.FROM_POSITION, gg.TO_POSITION, List.of());

        flushModels(batch);
        var an = ALIAS_NAME;
        batch.insert(an, List.of(an.MODEL, an.ALIAS), List.copyOf(aliasNames), key -> key);
    }

    private void flushTokens(PostgresBatch batch) {
        var t = API_TOKEN;
        batch.insert(t, List.of(t.TOKEN_ID, t.USERNAME, t.NAME, t.EXPIRES_AT, t.ISSUED_AT, t.ISSUED_POSITION,
                        t.REVOKED_AT, t.REVOKED_BY, t.REVOKED_POSITION), List.copyOf(tokens.values()),
                (NewToken r) -> Arrays.asList(r.issued.tokenId(), r.issued.username(), r.issued.name(),
                        r.issued.expiresAt() == null ? null : OffsetDateTime.ofInstant(r.issued.expiresAt(), ZoneOffset.UTC),
                        r.at, r.position, r.revokedAt, r.revokedBy, r.revokedPosition));
        if (revocations.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(List.of(t.TOKEN_ID, t.REVOKED_AT, t.REVOKED_BY,
                t.REVOKED_POSITION), revocations, (Revocation r) -> Arrays.asList(r.tokenId(), r.at(), r.actor(),
                r.position()));
        batch.ctx().update(t)
                .set(t.REVOKED_AT, v.field(t.REVOKED_AT))
                .set(t.REVOKED_BY, v.field(t.REVOKED_BY))
                .set(t.REVOKED_POSITION, v.field(t.REVOKED_POSITION))
                .from(v.table())
                .where(t.TOKEN_ID.eq(v.field(t.TOKEN_ID)))
                .and(t.REVOKED_POSITION.isNull())
                .and(t.ISSUED_POSITION.lt(v.field(t.REVOKED_POSITION)))
                .execute();
    }

    private void flushModels(PostgresBatch batch) {
        var h = MODEL_HISTORY;
        intervals(batch, h, List.of(h.MODEL), models, key -> List.of(key), h.VALID_FROM, h.VALID_TO, h.FROM_POSITION,
                h.TO_POSITION, List.of(h.DESCRIPTION, h.OWNER_TEAM, h.TAGS, h.LATEST_VERSION, h.UPDATED_BY,
                        h.DELETED_AT, h.DELETED_BY, h.DEPRECATION_WARNED_AT, h.DEPRECATION_EXPIRES_AT, h.EXPIRED_AT));
    }

    /**
     * Closes the intervals open in the database that the batch ended, then inserts the batch's intervals.
     * {@code valueColumns} take the interval's value: a {@link ModelSnapshot} spread over its columns, a
     * text (the disabled reason), or nothing (the key says it all).
     */
    private static <K> void intervals(PostgresBatch batch, Table<?> table, List<? extends Field<?>> keyColumns,
                                      Intervals<K> intervals, java.util.function.Function<K, List<?>> keyValues,
                                      TableField<?, OffsetDateTime> validFrom, TableField<?, OffsetDateTime> validTo,
                                      TableField<?, Long> fromPosition, TableField<?, Long> toPosition,
                                      List<? extends Field<?>> valueColumns) {
        intervals(batch, table, keyColumns, intervals, keyValues, validFrom, validTo, fromPosition, toPosition,
                valueColumns, value -> values(value, valueColumns.size()));
    }

    /** {@link #intervals} whose value is spread over {@code valueColumns} by {@code valueOf}. */
    static <K> void intervals(PostgresBatch batch, Table<?> table, List<? extends Field<?>> keyColumns,
                              Intervals<K> intervals, java.util.function.Function<K, List<?>> keyValues,
                              TableField<?, OffsetDateTime> validFrom, TableField<?, OffsetDateTime> validTo,
                              TableField<?, Long> fromPosition, TableField<?, Long> toPosition,
                              List<? extends Field<?>> valueColumns,
                              java.util.function.Function<Object, List<?>> valueOf) {
        if (!intervals.closeOps.isEmpty()) {
            List<Field<?>> columns = new ArrayList<>(keyColumns);
            columns.add(validTo);
            columns.add(toPosition);
            Unnest v = Unnest.of(columns, intervals.closeOps, (CloseOp<K> op) -> {
                List<Object> row = new ArrayList<>(keyValues.apply(op.key()));
                row.add(op.at());
                row.add(op.position());
                return row;
            });
            var update = batch.ctx().update(table)
                    .set(validTo, v.field(validTo))
                    .set(toPosition, v.field(toPosition))
                    .from(v.table())
                    .where(toPosition.isNull())
                    .and(fromPosition.lt(v.field(toPosition)));
            for (Field<?> key : keyColumns) {
                update = update.and(eq(key, v));
            }
            update.execute();
        }
        List<Field<?>> columns = new ArrayList<>(keyColumns);
        columns.addAll(valueColumns);
        columns.addAll(List.of(validFrom, validTo, fromPosition, toPosition));
        batch.insert(table, columns, intervals.newRows, (IntervalRow<K> r) -> {
            List<Object> row = new ArrayList<>(keyValues.apply(r.key));
            row.addAll(valueOf.apply(r.value));
            row.addAll(Arrays.asList(r.validFrom, r.validTo, r.fromPosition, r.toPosition));
            return row;
        });
    }

    private static <T> org.jooq.Condition eq(Field<T> column, Unnest v) {
        return column.eq(v.field(column));
    }

    private static List<Object> values(Object value, int columns) {
        if (columns == 0) {
            return List.of();
        }
        if (value instanceof ModelSnapshot s) {
            return Arrays.asList(s.description(), s.ownerTeam(), PostgresBatch.writeMap(s.tags()), s.latestVersion(),
                    s.updatedBy(), s.deletedAt(), s.deletedBy(), s.deprecationWarnedAt(), s.deprecationExpiresAt(),
                    s.expiredAt());
        }
        return Arrays.asList(value);
    }
}
