package dev.modelregistry.access;

import static dev.modelregistry.access.HttpTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.access.HttpTestSupport.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The route tables decide every request; a handler without a rule is refused. Real HTTP, real tokens. */
@SpringBootTest(classes = AccessTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RouteAuthorizationTest {

    @LocalServerPort
    int port;

    @Autowired
    AccessTokens accessTokens;

    private String token(String principal) {
        return accessTokens.issue(principal, "session-of-" + principal).value();
    }

    private Answer call(String method, String path, String principal) {
        return send(port, method, path, principal == null ? null : "Bearer " + token(principal), null);
    }

    private static void forbidden(Answer answer, String permission, String namespace) {
        JsonNode problem = answer.problem(403, "forbidden");
        assertThat(problem.get("title").asString()).isEqualTo("Forbidden");
        assertThat(problem.has("permission")).isTrue();
        assertThat(problem.has("namespace")).isTrue();
        if (permission == null) {
            assertThat(problem.get("permission").isNull()).isTrue();
        } else {
            assertThat(problem.get("permission").asString()).isEqualTo(permission);
        }
        if (namespace == null) {
            assertThat(problem.get("namespace").isNull()).isTrue();
        } else {
            assertThat(problem.get("namespace").asString()).isEqualTo(namespace);
        }
        assertThat(answer.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    }

    @Test
    void viewerReadsModelsOfItsNamespace() {
        assertThat(call("GET", "/api/v1/models/fraud.detector", "viewer-fraud").status()).isEqualTo(200);
    }

    @Test
    void viewerOfOneNamespaceIsRefusedReadingAnotherNamespaceWithPermissionAndNamespaceNamed() {
        Answer answer = call("GET", "/api/v1/models/risk.scorer", "viewer-fraud");

        forbidden(answer, "read", "risk");
        assertThat(answer.json().get("instance").asString()).isEqualTo("/api/v1/models/risk.scorer");
    }

    @Test
    void modelNameWithoutDotAndWithDefaultPrefixBothBelongToTheDefaultNamespace() {
        assertThat(call("GET", "/api/v1/models/scorer", "viewer-default").status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/models/default.scorer", "viewer-default").status()).isEqualTo(200);
        forbidden(call("GET", "/api/v1/models/scorer", "viewer-fraud"), "read", "default");
    }

    @Test
    void viewerMayNotContributeButContributorMay() {
        forbidden(call("PATCH", "/api/v1/models/fraud.detector", "viewer-fraud"), "contribute", "fraud");
        assertThat(call("PATCH", "/api/v1/models/fraud.detector", "contributor-fraud").status()).isEqualTo(200);
    }

    @Test
    void contributorIsRefusedATransitionThatNeedsReview() {
        forbidden(call("POST", "/api/v1/models/fraud.detector/versions/3:transition", "contributor-fraud"),
                "review", "fraud");
        forbidden(call("POST", "/api/v1/models/fraud.detector/versions/3:transition", "deployer-fraud"),
                "review", "fraud");
        assertThat(call("POST", "/api/v1/models/fraud.detector/versions/3:transition", "admin-fraud").status())
                .isEqualTo(200);
    }

    @Test
    void namespaceScopedRouteChecksThePathNamespace() {
        assertThat(call("PUT", "/api/v1/admin/namespaces/fraud/grants/alice", "admin-fraud").status()).isEqualTo(200);
        forbidden(call("PUT", "/api/v1/admin/namespaces/risk/grants/alice", "admin-fraud"), "administer", "risk");
        forbidden(call("PUT", "/api/v1/admin/namespaces/fraud/grants/alice", "contributor-fraud"), "administer", "fraud");
    }

    @Test
    void namespacePermissionWithoutNamespaceNeedsItSomewhere() {
        assertThat(call("POST", "/api/v1/artifacts", "contributor-fraud").status()).isEqualTo(200);
        forbidden(call("POST", "/api/v1/artifacts", "viewer-fraud"), "contribute", null);
        forbidden(call("POST", "/api/v1/artifacts", "auditor"), "contribute", null);
    }

    @Test
    void globalPermissionsNeedTheGlobalRole() {
        assertThat(call("GET", "/api/v1/audit", "auditor").status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/audit", "root").status()).isEqualTo(200);
        forbidden(call("GET", "/api/v1/audit", "admin-fraud"), "audit", null);
        assertThat(call("POST", "/api/v1/admin/users", "root").status()).isEqualTo(200);
        forbidden(call("POST", "/api/v1/admin/users", "auditor"), "global_admin", null);
    }

    @Test
    void auditorReadsEveryNamespaceButWritesNone() {
        assertThat(call("GET", "/api/v1/models/anything.model", "auditor").status()).isEqualTo(200);
        forbidden(call("PATCH", "/api/v1/models/anything.model", "auditor"), "contribute", "anything");
    }

    @Test
    void principalWithoutRolesStillPassesAuthenticatedRoutes() {
        Answer answer = call("GET", "/api/v1/auth/me", "nobody");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("principal").asString()).isEqualTo("nobody");
    }

    @Test
    void protectedRouteWithoutTokenIsUnauthenticatedNotForbidden() {
        call("GET", "/api/v1/models/fraud.detector", null).problem(401, "unauthenticated");
    }

    @Test
    void rolesComeFromTheGrantsOfTheTableThatHoldsTheRule() {
        // the other service's store knows only root: fraud's viewer holds nothing there
        forbidden(call("GET", "/api/v1/other/fraud", "viewer-fraud"), "read", "fraud");
        assertThat(call("GET", "/api/v1/other/fraud", "root").status()).isEqualTo(200);
    }

    @Test
    void handlerScopedRouteLetsTheHandlerDecideFromTheBody() {
        String token = "Bearer " + token("contributor-fraud");
        assertThat(send(port, "POST", "/api/v1/models", token, "{\"name\":\"fraud.new-model\"}").status())
                .isEqualTo(201);

        Answer refused = send(port, "POST", "/api/v1/models", token, "{\"name\":\"risk.new-model\"}");
        forbidden(refused, "contribute", "risk");
    }

    @Test
    void accessDeniedProblemThrownByAHandlerIsA403EvenWithACatchAllExceptionHandler() {
        forbidden(call("GET", "/api/v1/handler-refuses", "viewer-fraud"), "deploy", "fraud");
    }

    @Test
    void publicRouteNeedsNoTokenAndIgnoresAnInvalidOne() {
        Answer anonymous = send(port, "POST", "/api/v1/auth/login", null, "{}");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("signed_in_as").asString()).isEqualTo("nobody");

        Answer staleToken = send(port, "POST", "/api/v1/auth/login", "Bearer expired.or.garbage", "{}");
        assertThat(staleToken.status()).isEqualTo(200);
        assertThat(staleToken.json().get("signed_in_as").asString()).isEqualTo("nobody");
    }

    @Test
    void headRequestFollowsTheRuleOfGet() {
        assertThat(call("HEAD", "/api/v1/models/fraud.detector", "viewer-fraud").status()).isEqualTo(200);
        assertThat(call("HEAD", "/api/v1/models/risk.detector", "viewer-fraud").status()).isEqualTo(403);
    }

    @Test
    void endpointWithoutRuleIsRefusedEvenToTheGlobalAdminAndLoggedAsAnError(CapturedOutput output) {
        forbidden(call("GET", "/api/v1/without-rule", "root"), null, null);
        assertThat(output.getOut()).contains("ERROR").contains("No access rule for GET /api/v1/without-rule");
    }

    @Test
    void routerFunctionEndpointWithoutRuleIsRefusedAndOneWithARuleIsServed() {
        forbidden(call("GET", "/api/v1/routed-without-rule", "root"), null, null);
        assertThat(call("GET", "/api/v1/routed", "nobody").status()).isEqualTo(200);
    }

    @Test
    void pathWithoutHandlerPassesOnSoThatMvcAnswers404() {
        assertThat(call("GET", "/api/v1/no-such-endpoint", "nobody").status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/no-such-endpoint", null).status()).isEqualTo(404);
    }

    @Test
    void methodThePathDoesNotServePassesOnSoThatMvcAnswers405() {
        assertThat(call("DELETE", "/api/v1/without-rule", "nobody").status()).isEqualTo(405);
        assertThat(call("DELETE", "/api/v1/auth/me", null).status()).isEqualTo(405);
    }

    @Test
    void healthProbeIsPublicAndIgnoresAnInvalidToken() {
        // no actuator in this test application: a public route passes on to MVC, which finds nothing
        assertThat(send(port, "GET", "/actuator/health", "Bearer garbage", null).status()).isEqualTo(404);
        assertThat(send(port, "GET", "/actuator/health/liveness", "Bearer garbage", null).status()).isEqualTo(404);
        assertThat(send(port, "GET", "/actuator/info", "Bearer garbage", null).status()).isEqualTo(401);
    }
}
