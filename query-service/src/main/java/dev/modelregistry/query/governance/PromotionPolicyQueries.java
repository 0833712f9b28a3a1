package dev.modelregistry.query.governance;

import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_POLICY_HISTORY;

import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The promotion policy of a model in force now or as of a time ({@code promotion_policy_history}: the
 * open interval, or the latest interval that started at or before the time and had not ended by then;
 * one index step of {@code promotion_policy_history_time}). Public: the model view shows it too.
 */
@Component("queryPromotionPolicyQueries")
public class PromotionPolicyQueries {

    private final ReadModelDatabase database;

    PromotionPolicyQueries(ReadModelDatabase database) {
        this.database = database;
    }

    /** Empty when the model had no policy then (promotions are then checked for orphan and expiry only). */
    public Optional<PromotionPolicyView> policy(String model, OffsetDateTime asOf) {
        var p = PROMOTION_POLICY_HISTORY;
        var query = database.dsl().select(p.POLICY_VERSION, p.THRESHOLDS, p.NO_REGRESSION,
                        p.REQUIRE_EVALUATION_REPORT, p.REQUIRED_APPROVALS, p.APPROVERS, p.VALID_FROM, p.SET_BY,
                        p.VALID_TO)
                .from(p);
        var rows = asOf == null
                ? query.where(p.MODEL.eq(model), p.TO_POSITION.isNull())
                : query.where(p.MODEL.eq(model), p.VALID_FROM.le(asOf))
                        .orderBy(p.VALID_FROM.desc(), p.FROM_POSITION.desc())
                        .limit(1);
        return rows.fetchOptional()
                .filter(r -> asOf == null || r.value9() == null || r.value9().isAfter(asOf))
                .map(r -> new PromotionPolicyView(r.value1(), JsonColumns.tree(r.value2()),
                        JsonColumns.tree(r.value3()), r.value4(), r.value5(), strings(r.value6()),
                        JsonColumns.instant(r.value7()), r.value8()));
    }

    static List<String> strings(JSONB array) {
        List<String> values = new ArrayList<>();
        JsonNode tree = JsonColumns.tree(array);
        if (tree != null) {
            tree.forEach(node -> values.add(node.asString()));
        }
        return List.copyOf(values);
    }
}
