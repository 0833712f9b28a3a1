package dev.modelregistry.readmodel;

import static dev.modelregistry.readmodel.jooq.Tables.GLOBAL_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.NAMESPACE_GRANT_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.USER_DISABLED_HISTORY;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The roles one principal holds in the access read model, now or as of a time: what the query side and
 * the projections' own endpoints authorize with. One statement (two grant tables and the disabled
 * periods), each part an index lookup by principal. A disabled account holds no role; a principal
 * without a local account (an external OIDC identity) holds what was granted to its name.
 */
public final class ReadModelGrants {

    /** Role labels as in the events ({@code auditor}, {@code viewer}, ...); namespace -> roles. */
    public record Roles(Set<String> global, Map<String, Set<String>> namespaces) {
    }

    /** Marks the global rows of the union: no namespace name contains {@code *}. */
    private static final String GLOBAL = "*";

    private ReadModelGrants() {
    }

    /** @param asOf null for now (the open intervals) */
    public static Roles rolesOf(DSLContext dsl, String principal, OffsetDateTime asOf) {
        var g = GLOBAL_GRANT_HISTORY;
        var n = NAMESPACE_GRANT_HISTORY;
        var d = USER_DISABLED_HISTORY;
        // a disabled account holds nothing: both halves of the union ask it, so one round trip answers
        Condition enabled = DSL.notExists(DSL.selectOne().from(d)
                .where(d.USERNAME.eq(principal)).and(during(asOf, d.VALID_FROM, d.VALID_TO, d.TO_POSITION)));
        Set<String> global = new TreeSet<>();
        Map<String, Set<String>> namespaces = new TreeMap<>();
        dsl.select(DSL.inline(GLOBAL).as("namespace"), g.ROLE).from(g)
                .where(g.PRINCIPAL.eq(principal)).and(during(asOf, g.VALID_FROM, g.VALID_TO, g.TO_POSITION)).and(enabled)
                .unionAll(DSL.select(n.NAMESPACE, n.ROLE).from(n)
                        .where(n.PRINCIPAL.eq(principal)).and(during(asOf, n.VALID_FROM, n.VALID_TO, n.TO_POSITION))
                        .and(enabled))
                .forEach(r -> {
                    if (GLOBAL.equals(r.value1())) {
                        global.add(r.value2());
                    } else {
                        namespaces.computeIfAbsent(r.value1(), k -> new TreeSet<>()).add(r.value2());
                    }
                });
        return new Roles(global, namespaces);
    }

    /**
     * The interval holds at {@code asOf} (valid_from inclusive, valid_to exclusive); with null, the open
     * interval (the partial unique indexes on {@code to_position is null} serve it).
     */
    public static Condition during(OffsetDateTime asOf, Field<OffsetDateTime> validFrom, Field<OffsetDateTime> validTo,
                                   Field<Long> toPosition) {
        if (asOf == null) {
            return toPosition.isNull();
        }
        return validFrom.le(asOf).and(validTo.isNull().or(validTo.gt(asOf)));
    }
}
