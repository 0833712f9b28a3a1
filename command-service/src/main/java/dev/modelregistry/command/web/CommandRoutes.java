package dev.modelregistry.command.web;

import static dev.modelregistry.access.Permission.ADMINISTER;
import static dev.modelregistry.access.Permission.AUTHENTICATED;
import static dev.modelregistry.access.Permission.CONTRIBUTE;
import static dev.modelregistry.access.Permission.DEPLOY;
import static dev.modelregistry.access.Permission.GLOBAL_ADMIN;
import static dev.modelregistry.access.Permission.PUBLIC;
import static dev.modelregistry.access.Permission.REVIEW;
import static dev.modelregistry.access.RouteRule.Scope.HANDLER;
import static dev.modelregistry.access.RouteRule.Scope.MODEL;
import static dev.modelregistry.access.RouteRule.Scope.NAMESPACE;
import static dev.modelregistry.access.RouteRule.Scope.NONE;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import dev.modelregistry.access.AccessGrants;
import dev.modelregistry.access.RouteRule;
import dev.modelregistry.access.RouteTable;
import java.util.List;

/**
 * The authorization rule of every command endpoint (issue 4's contract), checked by the access module's
 * filter chain against the command side's grants before the handler runs. What a rule cannot see is
 * checked by the handler ({@link CommandAuthorization}): the namespace of {@code POST /models} (in the
 * body, scope HANDLER), deploy for transitions into or out of Production, the owner of an upload session
 * or an API token. {@code CommandRoutesTest} compares this table with the controllers' mappings, so an
 * endpoint without a rule fails the build.
 */
public final class CommandRoutes implements RouteTable {

    static final String MODELS = ModelCommandController.MODELS;
    static final String VERSION = MODELS + "/{name}/versions/{version}";
    static final String UPLOADS = ArtifactCommandController.UPLOADS;
    static final String AUTH = AuthController.AUTH;

    static final List<RouteRule> RULES = List.of(
            // models and versions
            RouteRule.of(POST, MODELS, CONTRIBUTE, HANDLER),
            RouteRule.of(PATCH, MODELS + "/{name}", CONTRIBUTE, MODEL),
            RouteRule.of(DELETE, MODELS + "/{name}", ADMINISTER, MODEL),
            RouteRule.of(POST, MODELS + "/{name}/versions", CONTRIBUTE, MODEL),
            // the handler refines it: Production needs deploy, other moves review or deploy
            RouteRule.of(POST, VERSION + ":transition", CONTRIBUTE, MODEL),
            RouteRule.of(POST, VERSION + ":restore", REVIEW, MODEL),
            RouteRule.of(DELETE, VERSION, ADMINISTER, MODEL),
            RouteRule.of(PUT, MODELS + "/{name}/aliases/{alias}", DEPLOY, MODEL),
            RouteRule.of(DELETE, MODELS + "/{name}/aliases/{alias}", DEPLOY, MODEL),
            // governance: policies and owners are the namespace admin's, reports a contributor's, approvals a
            // reviewer's (the handler refuses the author), promotion, canaries and rollback a deployer's
            RouteRule.of(PUT, MODELS + "/{name}/promotion-policy", ADMINISTER, MODEL),
            RouteRule.of(POST, MODELS + "/{name}:reassign-owner", ADMINISTER, MODEL),
            RouteRule.of(POST, MODELS + "/{name}:rollback", DEPLOY, MODEL),
            RouteRule.of(POST, VERSION + "/evaluation-reports", CONTRIBUTE, MODEL),
            RouteRule.of(POST, VERSION + ":request-promotion", CONTRIBUTE, MODEL),
            RouteRule.of(POST, VERSION + ":approve", REVIEW, MODEL),
            RouteRule.of(POST, VERSION + ":promote", DEPLOY, MODEL),
            RouteRule.of(POST, VERSION + ":finalize", DEPLOY, MODEL),
            RouteRule.of(POST, VERSION + ":abort", DEPLOY, MODEL),
            RouteRule.of(POST, GovernanceCommandController.EVALUATORS, GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, GovernanceCommandController.EVALUATORS + "/{evaluator}:revoke", GLOBAL_ADMIN, NONE),
            // artifacts: contributor somewhere; a session belongs to its starter (others: 404)
            RouteRule.of(POST, ArtifactCommandController.ARTIFACTS, CONTRIBUTE, NONE),
            RouteRule.of(POST, UPLOADS, CONTRIBUTE, NONE),
            RouteRule.of(GET, UPLOADS + "/{id}", CONTRIBUTE, NONE),
            RouteRule.of(PUT, UPLOADS + "/{id}/parts/{number}", CONTRIBUTE, NONE),
            RouteRule.of(POST, UPLOADS + "/{id}:complete", CONTRIBUTE, NONE),
            RouteRule.of(DELETE, UPLOADS + "/{id}", CONTRIBUTE, NONE),
            RouteRule.of(POST, ArtifactCommandController.ADMIN + ":collect", GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, ArtifactCommandController.ADMIN + ":scrub", GLOBAL_ADMIN, NONE),
            // experiment tracking: the namespace is the body's (new experiment) or the experiment's or run's,
            // looked up by the handler in the command side's tracking tables before anything is sent
            RouteRule.of(POST, TrackingCommandController.EXPERIMENTS, CONTRIBUTE, HANDLER),
            RouteRule.of(PATCH, TrackingCommandController.EXPERIMENT, CONTRIBUTE, HANDLER),
            RouteRule.of(DELETE, TrackingCommandController.EXPERIMENT, ADMINISTER, HANDLER),
            RouteRule.of(POST, TrackingCommandController.RUNS, CONTRIBUTE, HANDLER),
            RouteRule.of(POST, TrackingCommandController.RUN + ":log-batch", CONTRIBUTE, HANDLER),
            RouteRule.of(POST, TrackingCommandController.RUN + ":log-artifacts", CONTRIBUTE, HANDLER),
            RouteRule.of(POST, TrackingCommandController.RUN + ":finish", CONTRIBUTE, HANDLER),
            RouteRule.of(DELETE, TrackingCommandController.RUN, ADMINISTER, HANDLER),
            // authentication
            RouteRule.of(POST, AUTH + "/login", PUBLIC, NONE),
            RouteRule.of(POST, AUTH + "/refresh", PUBLIC, NONE),
            RouteRule.of(GET, AUTH + "/jwks", PUBLIC, NONE),
            RouteRule.of(POST, AUTH + "/logout", AUTHENTICATED, NONE),
            RouteRule.of(POST, AUTH + "/password", AUTHENTICATED, NONE),
            RouteRule.of(POST, AUTH + "/api-tokens", AUTHENTICATED, NONE),
            RouteRule.of(DELETE, AUTH + "/api-tokens/{token_id}", AUTHENTICATED, NONE),
            // access administration
            RouteRule.of(POST, AccessAdminController.USERS, GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, AccessAdminController.USERS + "/{username}:disable", GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, AccessAdminController.USERS + "/{username}:enable", GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, AccessAdminController.USERS + "/{username}:reset-password", GLOBAL_ADMIN, NONE),
            RouteRule.of(POST, AccessAdminController.NAMESPACES, GLOBAL_ADMIN, NONE),
            RouteRule.of(PUT, AccessAdminController.NAMESPACES + "/{namespace}/members/{username}", ADMINISTER, NAMESPACE),
            RouteRule.of(DELETE, AccessAdminController.NAMESPACES + "/{namespace}/members/{username}", ADMINISTER,
                    NAMESPACE),
            RouteRule.of(PUT, AccessAdminController.NAMESPACES + "/{namespace}/grants/{principal}/{role}", ADMINISTER,
                    NAMESPACE),
            RouteRule.of(DELETE, AccessAdminController.NAMESPACES + "/{namespace}/grants/{principal}/{role}", ADMINISTER,
                    NAMESPACE),
            RouteRule.of(PUT, AccessAdminController.GRANTS + "/{principal}/{role}", GLOBAL_ADMIN, NONE),
            RouteRule.of(DELETE, AccessAdminController.GRANTS + "/{principal}/{role}", GLOBAL_ADMIN, NONE));

    private final AccessGrants grants;

    public CommandRoutes(AccessGrants grants) {
        this.grants = grants;
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
