package dev.modelregistry.query.governance;

import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.governance.GovernanceViews.Evaluator;
import dev.modelregistry.query.governance.GovernanceViews.Promotions;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.query.web.VersionNumber;
import java.time.OffsetDateTime;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Governance reads (docs/api.md, "Governance"): a model's promotion policy, the promotion evidence of
 * a version, the evaluators. Each takes {@code as_of}.
 */
@RestController("queryGovernanceController")
@ReadsFrom(Projector.POSTGRES)
class GovernanceController {

    private final GovernanceQueries queries;
    private final PromotionPolicyQueries policies;

    GovernanceController(GovernanceQueries queries, PromotionPolicyQueries policies) {
        this.queries = queries;
        this.policies = policies;
    }

    /** 404 {@code promotion_policy_not_found} when the model had no policy then; 404 for an unknown model. */
    @GetMapping(path = "/api/v1/models/{name}/promotion-policy", produces = MediaType.APPLICATION_JSON_VALUE)
    PromotionPolicyView policy(@PathVariable String name,
                               @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        OffsetDateTime time = AsOf.parse(asOf);
        queries.requireModel(name, time);
        return policies.policy(name, time).orElseThrow(() -> new QueryException(ProblemType.PROMOTION_POLICY_NOT_FOUND, "name",
                "Model '" + name + "' has no promotion policy" + (time == null ? "" : " at " + time)));
    }

    @GetMapping(path = "/api/v1/models/{name}/versions/{version}/promotions",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Promotions promotions(@PathVariable String name, @PathVariable String version,
                          @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                          @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        int number = VersionNumber.parse(version, "version");
        return queries.promotions(name, number, includeDeleted, AsOf.parse(asOf));
    }

    @GetMapping(path = "/api/v1/admin/evaluators", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Evaluator> evaluators(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                               @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                               @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        int size = PageSize.parse(pageSize);
        return queries.evaluators(time, size, pageToken == null || pageToken.isEmpty() ? null : pageToken);
    }
}
