package dev.modelregistry.query.access;

import static dev.modelregistry.access.Permission.AUDIT;
import static dev.modelregistry.access.Permission.AUTHENTICATED;
import static dev.modelregistry.access.Permission.READ;
import static dev.modelregistry.access.RouteRule.Scope.HANDLER;
import static dev.modelregistry.access.RouteRule.Scope.MODEL;
import static dev.modelregistry.access.RouteRule.Scope.NAMESPACE;
import static dev.modelregistry.access.RouteRule.Scope.NONE;
import static org.springframework.http.HttpMethod.GET;

import dev.modelregistry.access.AccessGrants;
import dev.modelregistry.access.RouteRule;
import dev.modelregistry.access.RouteTable;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The authorization rule of every query endpoint (docs/api.md, "Authorization"). Reads of one model
 * need READ in its namespace; listings and search need a valid token and keep their answer to the
 * namespaces the caller may read ({@link ReadScope}); the audit log as a whole needs AUDIT, one model's
 * audit history ({@code GET /api/v1/audit?model=}) READ in its namespace (checked by the handler). Roles come
 * from the query side's access read model, so a grant takes effect here once it is projected
 * (read-your-writes: {@code min_position}).
 */
@Component("queryRoutes")
public class QueryRoutes implements RouteTable {

    static final List<RouteRule> RULES = List.of(
            // models, versions, aliases (every one accepts as_of)
            RouteRule.of(GET, "/api/v1/models", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/models/{name}", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/versions", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/versions:compare", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/versions/{version}", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/aliases", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/aliases/{alias}", READ, MODEL),
            // governance (query/governance): policy and promotion evidence of one model; evaluators
            RouteRule.of(GET, "/api/v1/models/{name}/promotion-policy", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/versions/{version}/promotions", READ, MODEL),
            RouteRule.of(GET, "/api/v1/admin/evaluators", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/production", AUTHENTICATED, NONE),
            // artifacts: by version path in the model's namespace; by digest with a role anywhere
            RouteRule.of(GET, "/api/v1/models/{name}/versions/{version}/artifacts", READ, MODEL),
            RouteRule.of(GET, "/api/v1/models/{name}/versions/{version}/artifacts/{*path}", READ, MODEL),
            RouteRule.of(GET, "/api/v1/artifacts/{sha256}", READ, NONE),
            RouteRule.of(GET, "/api/v1/artifacts/{sha256}/metadata", READ, NONE),
            // experiment tracking (query/tracking): the handler checks READ in the experiment's or run's
            // namespace (every run of runs:compare); the experiment listing keeps to readable namespaces
            RouteRule.of(GET, "/api/v1/experiments", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/experiments/{experiment_id}", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/experiments/{experiment_id}/runs", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/experiments/{experiment_id}/runs:best", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/runs:compare", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/runs/{run_id}", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/runs/{run_id}/metrics/{key}/history", READ, HANDLER),
            // lineage (query/lineage): any signed-in caller; answers keep to the namespaces it may read
            RouteRule.of(GET, "/api/v1/lineage/impact", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/lineage/{node}", AUTHENTICATED, NONE),
            // search
            RouteRule.of(GET, "/api/v1/search/versions", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/search/runs", AUTHENTICATED, NONE),
            // audit (query/audit): the log, its verification and stream need AUDIT; the log's handler
            // lets READ in the model's namespace through for one model's history (?model=)
            RouteRule.of(GET, "/api/v1/audit", READ, HANDLER),
            RouteRule.of(GET, "/api/v1/audit:verify", AUDIT, NONE),
            RouteRule.of(GET, "/api/v1/audit/stream", AUDIT, NONE),
            // access: the caller itself; users and global roles for auditors; namespaces
            RouteRule.of(GET, "/api/v1/auth/me", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/auth/api-tokens", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/admin/users", AUDIT, NONE),
            RouteRule.of(GET, "/api/v1/admin/users/{username}", AUDIT, NONE),
            RouteRule.of(GET, "/api/v1/admin/grants", AUDIT, NONE),
            RouteRule.of(GET, "/api/v1/admin/namespaces", AUTHENTICATED, NONE),
            RouteRule.of(GET, "/api/v1/admin/namespaces/{namespace}", READ, NAMESPACE));

    /** One instance: the roles of a request are looked up once per grant store (RequestAuthorizer). */
    private final AccessGrants grants;

    QueryRoutes(AccessQueries queries) {
        this.grants = principal -> queries.accessRoles(principal, null);
    }

    @Override
    public List<RouteRule> rules() {
        return RULES;
    }

    @Override
    public AccessGrants grants() {
        return grants;
    }
}
