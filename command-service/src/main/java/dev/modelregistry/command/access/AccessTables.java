package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL statement of the access feature, on the tables of migration {@code V3__access.sql} in the
 * event store's schema: credentials (password hashes, sessions, refresh tokens, API tokens, signing
 * keys) and the access state the subscribing processor keeps. Statements join the caller's Spring
 * transaction when there is one.
 *
 * <p>Locks: every transaction that sends an access command first takes the advisory lock of each
 * aggregate it changes ({@link #lock}), in the order bootstrap, {@code access:global}, then users and
 * namespaces, so commands on one aggregate never race and two locks are never taken in opposite order.
 */
final class AccessTables {

    /** First key of the two-key advisory locks: {@code 'accs'} in ASCII, apart from the artifact feature's. */
    static final int LOCK_SPACE = 0x61636373;

    record Credential(String username, String passwordHash) {
    }

    record UserRow(String username, String displayName, boolean disabled) {
    }

    record SessionRow(UUID sessionId, String username, Instant expiresAt, Instant endedAt) {
    }

    record RefreshRow(UUID sessionId, String username, Instant expiresAt, Instant usedAt, Instant sessionExpiresAt,
                      Instant sessionEndedAt) {
    }

    /** {@code ownerDisabled}: the owner is disabled, or has no account (read with the token: one query per request). */
    record ApiTokenRow(String tokenId, String username, byte[] secretHash, Instant expiresAt, Instant revokedAt,
                       Instant lastUsedAt, boolean ownerDisabled) {
    }

    record KeyRow(String keyId, byte[] privateKey, byte[] publicKey, Instant createdAt, Instant retiredAt) {
    }

    private final JdbcClient jdbc;
    private final String credential;
    private final String session;
    private final String refresh;
    private final String apiToken;
    private final String signingKey;
    private final String user;
    private final String namespace;
    private final String member;
    private final String namespaceGrant;
    private final String globalGrant;
    private final AccessReadCache.Generation state;
    private final AccessReadCache<String, Optional<ApiTokenRow>> apiTokens;
    private final AccessReadCache<String, AccessRoles> roles;

    /** @param stateCacheTtl how long an API token's row and a principal's roles may be reused ({@link AccessReadCache}) */
    AccessTables(DataSource dataSource, String schema, Duration stateCacheTtl) {
        this.state = new AccessReadCache.Generation(stateCacheTtl);
        this.apiTokens = state.cache();
        this.roles = state.cache();
        this.jdbc = JdbcClient.create(dataSource);
        this.credential = schema + ".user_credential";
        this.session = schema + ".sign_in_session";
        this.refresh = schema + ".refresh_token";
        this.apiToken = schema + ".api_token";
        this.signingKey = schema + ".signing_key";
        this.user = schema + ".access_user";
        this.namespace = schema + ".access_namespace";
        this.member = schema + ".access_member";
        this.namespaceGrant = schema + ".access_namespace_grant";
        this.globalGrant = schema + ".access_global_grant";
    }

    // ------------------------------------------------------------------------------------ locks

    /** Waits for the advisory lock named {@code key}; held until the current transaction ends. */
    void lock(String key) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(?, hashtext(?))) as locked")
                .params(LOCK_SPACE, key).query(Integer.class).single();
    }

    // ------------------------------------------------------------------------------ credentials

    Optional<Credential> credential(String username) {
        return jdbc.sql("select username, password_hash from " + credential + " where username = ?")
                .params(username).query((rs, n) -> new Credential(rs.getString(1), rs.getString(2))).optional();
    }

    void insertCredential(String username, String passwordHash, Instant at) {
        jdbc.sql("insert into " + credential + " (username, password_hash, changed_at) values (?, ?, ?)")
                .params(username, passwordHash, time(at)).update();
    }

    void updateCredential(String username, String passwordHash, Instant at) {
        jdbc.sql("update " + credential + " set password_hash = ?, changed_at = ? where username = ?")
                .params(passwordHash, time(at), username).update();
    }

    boolean anyCredential() {
        return jdbc.sql("select exists (select 1 from " + credential + ")").query(Boolean.class).single();
    }

    // ------------------------------------------------------------------------------ sessions

    void insertSession(UUID sessionId, String username, Instant createdAt, Instant expiresAt) {
        jdbc.sql("insert into " + session + " (session_id, username, created_at, expires_at) values (?, ?, ?, ?)")
                .params(sessionId, username, time(createdAt), time(expiresAt)).update();
    }

    Optional<SessionRow> session(UUID sessionId) {
        return jdbc.sql("select session_id, username, expires_at, ended_at from " + session + " where session_id = ?")
                .params(sessionId).query((rs, n) -> new SessionRow(rs.getObject(1, UUID.class), rs.getString(2),
                        instant(rs, 3), instant(rs, 4))).optional();
    }

    /** Ends the session if it is live; true when this call ended it. */
    boolean endSession(UUID sessionId, String reason, Instant at) {
        return jdbc.sql("update " + session + " set ended_at = ?, end_reason = ? where session_id = ? "
                        + "and ended_at is null")
                .params(time(at), reason, sessionId).update() > 0;
    }

    /** Ends every live session of the user; the number ended. */
    int endSessionsOf(String username, String reason, Instant at) {
        return jdbc.sql("update " + session + " set ended_at = ?, end_reason = ? where username = ? "
                        + "and ended_at is null")
                .params(time(at), reason, username).update();
    }

    void insertRefreshToken(byte[] tokenHash, UUID sessionId, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("insert into " + refresh + " (token_hash, session_id, issued_at, expires_at) values (?, ?, ?, ?)")
                .params(tokenHash, sessionId, time(issuedAt), time(expiresAt)).update();
    }

    /** The refresh token and its session, both rows locked until the transaction ends (rotation is serial). */
    Optional<RefreshRow> lockRefreshToken(byte[] tokenHash) {
        return jdbc.sql("select s.session_id, s.username, r.expires_at, r.used_at, s.expires_at, s.ended_at from "
                        + refresh + " r join " + session + " s on s.session_id = r.session_id "
                        + "where r.token_hash = ? for update")
                .params(tokenHash).query((rs, n) -> new RefreshRow(rs.getObject(1, UUID.class), rs.getString(2),
                        instant(rs, 3), instant(rs, 4), instant(rs, 5), instant(rs, 6))).optional();
    }

    Optional<String> refreshTokenOwner(byte[] tokenHash) {
        return jdbc.sql("select s.username from " + refresh + " r join " + session
                        + " s on s.session_id = r.session_id where r.token_hash = ?")
                .params(tokenHash).query(String.class).optional();
    }

    void useRefreshToken(byte[] tokenHash, Instant at) {
        jdbc.sql("update " + refresh + " set used_at = ? where token_hash = ?").params(time(at), tokenHash).update();
    }

    // ------------------------------------------------------------------------------ API tokens

    void insertApiToken(String tokenId, String username, String name, byte[] secretHash, Instant createdAt,
                        Instant expiresAt) {
        state.changed();
        jdbc.sql("insert into " + apiToken + " (token_id, username, name, secret_hash, created_at, expires_at) "
                        + "values (?, ?, ?, ?, ?, ?)")
                .params(tokenId, username, name, secretHash, time(createdAt), time(expiresAt)).update();
    }

    /** The token's row and its owner's state; reused for up to the state cache's ttl. */
    Optional<ApiTokenRow> apiToken(String tokenId) {
        return apiTokens.get(tokenId, () -> jdbc.sql("select t.token_id, t.username, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at, "
                        + "coalesce(u.disabled, true) from " + apiToken + " t left join " + user
                        + " u on u.username = t.username where t.token_id = ?")
                .params(tokenId).query((rs, n) -> new ApiTokenRow(rs.getString(1), rs.getString(2), rs.getBytes(3),
                        instant(rs, 4), instant(rs, 5), instant(rs, 6), rs.getBoolean(7))).optional());
    }

    void revokeApiToken(String tokenId, Instant at) {
        state.changed();
        jdbc.sql("update " + apiToken + " set revoked_at = ? where token_id = ? and revoked_at is null")
                .params(time(at), tokenId).update();
    }

    /** Records a use, at most once per {@code since} interval (no write on every request). */
    void touchApiToken(String tokenId, Instant at, Instant notSince) {
        state.changed();
        jdbc.sql("update " + apiToken + " set last_used_at = ? where token_id = ? "
                        + "and (last_used_at is null or last_used_at < ?)")
                .params(time(at), tokenId, time(notSince)).update();
    }

    // ------------------------------------------------------------------------------ signing keys

    List<KeyRow> signingKeys() {
        return jdbc.sql("select key_id, private_key, public_key, created_at, retired_at from " + signingKey
                        + " order by created_at desc, key_id")
                .query((rs, n) -> new KeyRow(rs.getString(1), rs.getBytes(2), rs.getBytes(3), instant(rs, 4),
                        instant(rs, 5))).list();
    }

    void insertSigningKey(String keyId, byte[] privateKey, byte[] publicKey, Instant at) {
        jdbc.sql("insert into " + signingKey + " (key_id, private_key, public_key, created_at) values (?, ?, ?, ?)")
                .params(keyId, privateKey, publicKey, time(at)).update();
    }

    // ------------------------------------------------------------------------------ access state (reads)

    Optional<UserRow> user(String username) {
        return jdbc.sql("select username, display_name, disabled from " + user + " where username = ?")
                .params(username).query((rs, n) -> new UserRow(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    boolean anyUser() {
        return jdbc.sql("select exists (select 1 from " + user + ")").query(Boolean.class).single();
    }

    boolean namespaceExists(String name) {
        return jdbc.sql("select exists (select 1 from " + namespace + " where namespace = ?)")
                .params(name).query(Boolean.class).single();
    }

    /** Whether an enabled member belongs to the team (a member that is no local user counts as enabled). */
    boolean teamStaffed(String name) {
        return jdbc.sql("select exists (select 1 from " + member + " m left join " + user
                        + " u on u.username = m.username where m.namespace = ? and not coalesce(u.disabled, false))")
                .params(name).query(Boolean.class).single();
    }

    /**
     * Whether an enabled principal other than {@code principal} holds global admin (a principal that is
     * no local user, an OIDC identity, cannot be disabled and counts as enabled).
     */
    boolean otherActiveAdminExists(String principal) {
        return jdbc.sql("select exists (select 1 from " + globalGrant + " g left join " + user
                        + " u on u.username = g.principal where g.role = 'admin' and g.principal <> ? "
                        + "and not coalesce(u.disabled, false))")
                .params(principal).query(Boolean.class).single();
    }

    boolean holdsGlobal(String principal, GlobalRole role) {
        return jdbc.sql("select exists (select 1 from " + globalGrant + " where principal = ? and role = ?)")
                .params(principal, role.label()).query(Boolean.class).single();
    }

    /**
     * The roles the principal holds now, in one round trip; none while the principal is a disabled
     * local user. Reused for up to the state cache's ttl.
     */
    AccessRoles roles(String principal) {
        return roles.get(principal, () -> readRoles(principal));
    }

    private AccessRoles readRoles(String principal) {
        record Row(String namespace, String role) {
        }
        List<Row> rows = jdbc.sql("select null, role from " + globalGrant + " where principal = ? "
                        + "union all select namespace, role from " + namespaceGrant + " where principal = ? "
                        + "union all select '', 'disabled' from " + user + " where username = ? and disabled")
                .params(principal, principal, principal).query((rs, n) -> new Row(rs.getString(1), rs.getString(2)))
                .list();
        Set<GlobalRole> global = EnumSet.noneOf(GlobalRole.class);
        Map<String, Set<NamespaceRole>> namespaces = new HashMap<>();
        for (Row row : rows) {
            if ("disabled".equals(row.role())) {
                return AccessRoles.NONE;
            }
            if (row.namespace() == null) {
                GlobalRole.fromLabel(row.role()).ifPresent(global::add);
            } else {
                NamespaceRole.fromLabel(row.role()).ifPresent(role ->
                        namespaces.computeIfAbsent(row.namespace(), ns -> EnumSet.noneOf(NamespaceRole.class)).add(role));
            }
        }
        return new AccessRoles(global, namespaces);
    }

    // ------------------------------------------------------------------------------ access state (projection)

    void userCreated(String username, String displayName, Instant at) {
        state.changed();
        jdbc.sql("insert into " + user + " (username, display_name, disabled, created_at) values (?, ?, false, ?) "
                + "on conflict (username) do nothing").params(username, displayName, time(at)).update();
    }

    void userDisabled(String username, boolean disabled) {
        state.changed();
        jdbc.sql("update " + user + " set disabled = ? where username = ?").params(disabled, username).update();
    }

    void namespaceCreated(String name, String description, Instant at) {
        jdbc.sql("insert into " + namespace + " (namespace, description, created_at) values (?, ?, ?) "
                + "on conflict (namespace) do nothing").params(name, description, time(at)).update();
    }

    void memberAdded(String name, String username, Instant at) {
        jdbc.sql("insert into " + member + " (namespace, username, added_at) values (?, ?, ?) "
                + "on conflict do nothing").params(name, username, time(at)).update();
    }

    void memberRemoved(String name, String username) {
        jdbc.sql("delete from " + member + " where namespace = ? and username = ?").params(name, username).update();
    }

    void namespaceRoleGranted(String name, String principal, NamespaceRole role, Instant at) {
        state.changed();
        jdbc.sql("insert into " + namespaceGrant + " (namespace, principal, role, granted_at) values (?, ?, ?, ?) "
                + "on conflict do nothing").params(name, principal, role.label(), time(at)).update();
    }

    void namespaceRoleRevoked(String name, String principal, NamespaceRole role) {
        state.changed();
        jdbc.sql("delete from " + namespaceGrant + " where namespace = ? and principal = ? and role = ?")
                .params(name, principal, role.label()).update();
    }

    void globalRoleGranted(String principal, GlobalRole role, Instant at) {
        state.changed();
        jdbc.sql("insert into " + globalGrant + " (principal, role, granted_at) values (?, ?, ?) "
                + "on conflict do nothing").params(principal, role.label(), time(at)).update();
    }

    void globalRoleRevoked(String principal, GlobalRole role) {
        state.changed();
        jdbc.sql("delete from " + globalGrant + " where principal = ? and role = ?")
                .params(principal, role.label()).update();
    }

    // ---------------------------------------------------------------------------------------------

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
