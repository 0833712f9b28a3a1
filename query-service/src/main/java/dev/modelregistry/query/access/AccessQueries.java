package dev.modelregistry.query.access;

import static dev.modelregistry.readmodel.jooq.Tables.ACCESS_NAMESPACE;
import static dev.modelregistry.readmodel.jooq.Tables.ACCESS_USER;
import static dev.modelregistry.readmodel.jooq.Tables.API_TOKEN;
import static dev.modelregistry.readmodel.jooq.Tables.GLOBAL_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.NAMESPACE_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.TEAM_MEMBER_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.USER_DISABLED_HISTORY;
import static dev.modelregistry.readmodel.ReadModelGrants.during;
import static org.jooq.impl.DSL.noCondition;

import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.Namespaces;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.query.access.AccessViews.ApiToken;
import dev.modelregistry.query.access.AccessViews.Grant;
import dev.modelregistry.query.access.AccessViews.Member;
import dev.modelregistry.query.access.AccessViews.Namespace;
import dev.modelregistry.query.access.AccessViews.NamespaceDetail;
import dev.modelregistry.query.access.AccessViews.User;
import dev.modelregistry.query.access.AccessViews.UserDetail;
import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.readmodel.ReadModelGrants;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The access read model (V6: users, disabled periods, namespaces, team members, grants, API tokens),
 * now or as of a time ({@code asOf} null = now). Every interval lookup is by its key with the
 * validity condition of {@link ReadModelGrants#during}.
 */
@Component("queryAccessQueries")
class AccessQueries {

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    AccessQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    ReadModelGrants.Roles roles(String principal, OffsetDateTime asOf) {
        return ReadModelGrants.rolesOf(dsl(), principal, asOf);
    }

    /** The roles of {@link #roles} in the access module's terms (what authorization checks). */
    AccessRoles accessRoles(String principal, OffsetDateTime asOf) {
        ReadModelGrants.Roles roles = roles(principal, asOf);
        Map<String, Set<NamespaceRole>> namespaces = new TreeMap<>();
        roles.namespaces().forEach((namespace, labels) -> namespaces.put(namespace,
                labels.stream().flatMap(label -> NamespaceRole.fromLabel(label).stream())
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(NamespaceRole.class)))));
        return new AccessRoles(roles.global().stream().flatMap(label -> GlobalRole.fromLabel(label).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(GlobalRole.class))), namespaces);
    }

    List<ApiToken> apiTokens(String username, OffsetDateTime asOf) {
        var t = API_TOKEN;
        OffsetDateTime at = asOf != null ? asOf : OffsetDateTime.now(ZoneOffset.UTC);
        return dsl().select(t.TOKEN_ID, t.NAME, t.ISSUED_AT, t.EXPIRES_AT, t.REVOKED_AT)
                .from(t)
                .where(t.USERNAME.eq(username), t.ISSUED_AT.le(at))
                .orderBy(t.ISSUED_AT, t.TOKEN_ID)
                .fetch(Records.mapping((id, name, issued, expires, revoked) -> {
                    OffsetDateTime revokedThen = revoked != null && !revoked.isAfter(at) ? revoked : null;
                    String state = revokedThen != null ? "revoked"
                            : expires != null && !expires.isAfter(at) ? "expired" : "active";
                    return new ApiToken(id, name, JsonColumns.instant(issued), JsonColumns.instant(expires),
                            JsonColumns.instant(revokedThen), state);
                }));
    }

    Page<User> users(OffsetDateTime asOf, int pageSize, String pageToken) {
        var u = ACCESS_USER;
        String scope = Scopes.of("users", asOf);
        Condition after = pageToken == null ? noCondition() : u.USERNAME.gt(cursor(tokens.decode(scope, pageToken)));
        List<User> rows = dsl().select(u.USERNAME, u.DISPLAY_NAME, disabled(u.USERNAME, asOf),
                        u.CREATED_AT.convertFrom(JsonColumns::instant), u.CREATED_BY)
                .from(u)
                .where(existsAt(u.CREATED_AT, asOf))
                .and(after)
                .orderBy(u.USERNAME)
                .limit(pageSize + 1)
                .fetch(Records.mapping(User::new));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.username())));
    }

    UserDetail user(String username, OffsetDateTime asOf) {
        var u = ACCESS_USER;
        var d = USER_DISABLED_HISTORY;
        var row = dsl().select(u.USERNAME, u.DISPLAY_NAME, u.CREATED_AT, u.CREATED_BY,
                        DSL.field(DSL.select(d.REASON.coalesce("")).from(d)
                                .where(d.USERNAME.eq(u.USERNAME), during(asOf, d.VALID_FROM, d.VALID_TO, d.TO_POSITION))))
                .from(u)
                .where(u.USERNAME.eq(username), existsAt(u.CREATED_AT, asOf))
                .fetchOne();
        if (row == null) {
            throw new QueryException(ProblemType.USER_NOT_FOUND, "username", "No user named '" + username + "'"
                    + (asOf == null ? "" : " at " + asOf.toInstant()));
        }
        boolean disabled = row.value5() != null;
        ReadModelGrants.Roles roles = roles(username, asOf);
        var m = TEAM_MEMBER_HISTORY;
        List<String> teams = dsl().select(m.NAMESPACE).from(m)
                .where(m.USERNAME.eq(username), during(asOf, m.VALID_FROM, m.VALID_TO, m.TO_POSITION))
                .orderBy(m.NAMESPACE)
                .fetch(m.NAMESPACE);
        return new UserDetail(row.value1(), row.value2(), disabled,
                disabled && !row.value5().isEmpty() ? row.value5() : null,
                JsonColumns.instant(row.value3()), row.value4(), roles.global(), roles.namespaces(), teams);
    }

    /** The namespaces that existed at the time, {@code default} first; {@code readable} null = all. */
    Page<Namespace> namespaces(OffsetDateTime asOf, Set<String> readable, int pageSize, String pageToken) {
        var n = ACCESS_NAMESPACE;
        String scope = Scopes.of("namespaces", asOf);
        String cursor = pageToken == null ? null : cursor(tokens.decode(scope, pageToken));
        List<Namespace> rows = new ArrayList<>();
        if (cursor == null && (readable == null || readable.contains(Namespaces.DEFAULT))) {
            rows.add(new Namespace(Namespaces.DEFAULT, "models whose name has no namespace", null, null));
        }
        rows.addAll(dsl().select(n.NAMESPACE, n.DESCRIPTION, n.CREATED_AT.convertFrom(JsonColumns::instant), n.CREATED_BY)
                .from(n)
                .where(existsAt(n.CREATED_AT, asOf))
                .and(readable == null ? noCondition() : n.NAMESPACE.in(readable))
                .and(cursor == null ? noCondition() : n.NAMESPACE.gt(cursor))
                .orderBy(n.NAMESPACE)
                .limit(pageSize + 1 - rows.size())
                .fetch(Records.mapping(Namespace::new)));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.namespace().equals(Namespaces.DEFAULT)
                ? "" : last.namespace())));
    }

    NamespaceDetail namespace(String namespace, OffsetDateTime asOf) {
        var n = ACCESS_NAMESPACE;
        Namespace head;
        if (Namespaces.DEFAULT.equals(namespace)) {
            head = new Namespace(Namespaces.DEFAULT, "models whose name has no namespace", null, null);
        } else {
            head = dsl().select(n.NAMESPACE, n.DESCRIPTION, n.CREATED_AT.convertFrom(JsonColumns::instant), n.CREATED_BY)
                    .from(n)
                    .where(n.NAMESPACE.eq(namespace), existsAt(n.CREATED_AT, asOf))
                    .fetchOptional(Records.mapping(Namespace::new))
                    .orElseThrow(() -> new QueryException(ProblemType.NAMESPACE_NOT_FOUND, "namespace",
                            "No namespace named '" + namespace + "'" + (asOf == null ? "" : " at " + asOf.toInstant())));
        }
        var m = TEAM_MEMBER_HISTORY;
        List<Member> members = dsl().select(m.USERNAME, m.VALID_FROM.convertFrom(JsonColumns::instant))
                .from(m)
                .where(m.NAMESPACE.eq(namespace), during(asOf, m.VALID_FROM, m.VALID_TO, m.TO_POSITION))
                .orderBy(m.USERNAME)
                .fetch(Records.mapping(Member::new));
        var g = NAMESPACE_GRANT_HISTORY;
        List<Grant> grants = dsl().select(g.PRINCIPAL, g.ROLE, g.VALID_FROM.convertFrom(JsonColumns::instant))
                .from(g)
                .where(g.NAMESPACE.eq(namespace), during(asOf, g.VALID_FROM, g.VALID_TO, g.TO_POSITION))
                .orderBy(g.PRINCIPAL, g.ROLE)
                .fetch(Records.mapping(Grant::new));
        return new NamespaceDetail(head.namespace(), head.description(), head.createdAt(), head.createdBy(), members,
                grants);
    }

    List<Grant> globalGrants(OffsetDateTime asOf) {
        var g = GLOBAL_GRANT_HISTORY;
        return dsl().select(g.PRINCIPAL, g.ROLE, g.VALID_FROM.convertFrom(JsonColumns::instant))
                .from(g)
                .where(during(asOf, g.VALID_FROM, g.VALID_TO, g.TO_POSITION))
                .orderBy(g.PRINCIPAL, g.ROLE)
                .fetch(Records.mapping(Grant::new));
    }

    private static org.jooq.Field<Boolean> disabled(org.jooq.Field<String> username, OffsetDateTime asOf) {
        var d = USER_DISABLED_HISTORY;
        return DSL.field(DSL.exists(DSL.selectOne().from(d)
                .where(d.USERNAME.eq(username), during(asOf, d.VALID_FROM, d.VALID_TO, d.TO_POSITION))));
    }

    private static Condition existsAt(org.jooq.Field<OffsetDateTime> createdAt, OffsetDateTime asOf) {
        return asOf == null ? noCondition() : createdAt.le(asOf);
    }

    private DSLContext dsl() {
        return database.dsl();
    }

    private static String cursor(List<Object> cursor) {
        if (cursor.size() == 1 && cursor.getFirst() instanceof String s) {
            return s;
        }
        throw new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }
}
