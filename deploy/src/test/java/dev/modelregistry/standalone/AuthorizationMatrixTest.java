package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.access.Permission;
import dev.modelregistry.access.RouteRule;
import dev.modelregistry.access.RouteTable;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint times every role, generated from the route tables and checked against the handler
 * mappings: an endpoint without a rule (or a rule without an endpoint) fails the build, and each rule
 * is sent as each kind of principal. What each role may do is written here once, from the issue's
 * role definitions, independently of the code that enforces it.
 *
 * <p>Allowed means "not 401 and not 403" (the request may still be refused for its content: a matrix
 * request carries no meaningful body); denied means 401 {@code unauthenticated} without a token and
 * 403 {@code forbidden} with one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends RegistryIntegrationTest {

    /** The namespace the matrix acts in, and a second one its outsider administers. */
    private static final String NS = "mx";
    private static final String OTHER_NS = "my";

    /** Starting these as an allowed principal changes state other tests rely on: only their denials are sent. */
    private static final Set<String> NOT_SENT_WHEN_ALLOWED = Set.of(
            "POST /api/v1/admin/read-models:rebuild",
            "POST /api/v1/admin/artifacts:collect",
            "POST /api/v1/admin/artifacts:scrub");

    enum Principal { ANONYMOUS, NO_ROLE, VIEWER, CONTRIBUTOR, REVIEWER, DEPLOYER, NAMESPACE_ADMIN, OUTSIDER, AUDITOR, ADMIN }

    @Autowired
    ApplicationContext context;

    private final Map<Principal, String> tokens = new LinkedHashMap<>();
    private String model;
    private TestUser victim;
    private String experiment;
    private String run;
    private String otherRun;

    @BeforeAll
    void principals() {
        ensureNamespace(NS);
        ensureNamespace(OTHER_NS);
        tokens.put(Principal.ANONYMOUS, null);
        TestUser nobody = createUser("nobody");
        tokens.put(Principal.NO_ROLE, login(nobody.username(), nobody.password()));
        tokens.put(Principal.VIEWER, userWith(NS, "viewer"));
        tokens.put(Principal.CONTRIBUTOR, userWith(NS, "contributor"));
        tokens.put(Principal.REVIEWER, userWith(NS, "reviewer"));
        tokens.put(Principal.DEPLOYER, userWith(NS, "deployer"));
        tokens.put(Principal.NAMESPACE_ADMIN, userWith(NS, "admin"));
        tokens.put(Principal.OUTSIDER, userWith(OTHER_NS, "admin"));
        TestUser auditor = createUser("auditor");
        Answer granted = put("/api/v1/admin/grants/" + auditor.username() + "/auditor", "{}");
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        awaitProjected(granted.position());
        tokens.put(Principal.AUDITOR, login(auditor.username(), auditor.password()));
        tokens.put(Principal.ADMIN, adminToken());
        victim = createUser("victim");
        model = registerModel(NS + "." + uniqueName("matrix"));
        Answer version = registerVersion(model, 0.9);
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        experiment = newExperiment();
        run = newRun(experiment);
        otherRun = newRun(experiment);
        awaitProjected(lastEventPosition());
    }

    private String newExperiment() {
        Answer created = post("/api/v1/experiments",
                "{\"name\":\"" + uniqueName("matrix") + "\",\"namespace\":\"" + NS + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("experiment_id").asText();
    }

    private String newRun(String experimentId) {
        Answer started = post("/api/v1/runs", "{\"experiment_id\":\"" + experimentId + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json().get("run_id").asText();
    }

    @Test
    void everyEndpointHasExactlyOneRuleAndEveryRuleAnEndpoint() {
        Set<String> endpoints = handlerEndpoints();
        List<String> rules = rules().stream().map(AuthorizationMatrixTest::key).toList();
        assertThat(rules).as("one rule per endpoint").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(rules)).as("rules without an endpoint, endpoints without a rule")
                .isEqualTo(endpoints);
    }

    @Test
    void everyRoleIsAllowedExactlyWhatItsRoleGrantsOnEveryEndpoint() {
        List<String> wrong = new ArrayList<>();
        // sign-out ends the principal's session: last, so that it does not end the matrix's tokens early
        List<RouteRule> ordered = rules().stream()
                .sorted(Comparator.comparing((RouteRule rule) -> rule.pattern().endsWith("/auth/logout")))
                .toList();
        int sent = 0;
        for (RouteRule rule : ordered) {
            for (Principal principal : Principal.values()) {
                boolean allowed = allowed(rule, principal);
                if (allowed && NOT_SENT_WHEN_ALLOWED.contains(key(rule))) {
                    continue;
                }
                Answer answer = send(rule, principal);
                sent++;
                boolean denied = answer.status() == 401 || answer.status() == 403;
                if (allowed == denied) {
                    wrong.add(key(rule) + " as " + principal + ": expected " + (allowed ? "allowed" : "denied")
                            + ", answered " + answer.status() + " " + abbreviate(answer.response().body()));
                } else if (denied) {
                    int expected = principal == Principal.ANONYMOUS ? 401 : 403;
                    String code = answer.status() == 401 || answer.status() == 403 ? answer.json().path("code").asText() : "";
                    if (answer.status() != expected || !answer.contentType().startsWith("application/problem+json")
                            || !code.equals(expected == 401 ? "unauthenticated" : "forbidden")) {
                        wrong.add(key(rule) + " as " + principal + ": expected " + expected + " problem, answered "
                                + answer.status() + " " + answer.contentType() + " " + abbreviate(answer.response().body()));
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(rules().size() * 5);
        assertThat(wrong).isEmpty();
    }

    /** What each principal may do, from the role definitions. */
    private static boolean allowed(RouteRule rule, Principal principal) {
        Permission permission = rule.permission();
        return switch (permission) {
            case PUBLIC -> true;
            case AUTHENTICATED -> principal != Principal.ANONYMOUS;
            case AUDIT -> principal == Principal.AUDITOR || principal == Principal.ADMIN;
            case GLOBAL_ADMIN -> principal == Principal.ADMIN;
            case READ, CONTRIBUTE, REVIEW, DEPLOY, ADMINISTER -> {
                if (principal == Principal.ADMIN) {
                    yield true;
                }
                if (principal == Principal.AUDITOR) {
                    yield permission == Permission.READ;
                }
                if (principal == Principal.OUTSIDER) {
                    // administers another namespace: enough where no namespace is named
                    yield rule.scope() == RouteRule.Scope.NONE;
                }
                Set<Permission> held = switch (principal) {
                    case VIEWER -> Set.of(Permission.READ);
                    case CONTRIBUTOR -> Set.of(Permission.READ, Permission.CONTRIBUTE);
                    case REVIEWER -> Set.of(Permission.READ, Permission.CONTRIBUTE, Permission.REVIEW);
                    case DEPLOYER -> Set.of(Permission.READ, Permission.CONTRIBUTE, Permission.DEPLOY);
                    case NAMESPACE_ADMIN -> Set.of(Permission.values());
                    default -> Set.of();
                };
                yield held.contains(permission);
            }
        };
    }

    private Answer send(RouteRule rule, Principal principal) {
        // the audit log's READ/HANDLER rule is one model's history (?model=); without it the handler needs AUDIT
        String path = fill(rule) + (key(rule).equals("GET /api/v1/audit") ? "?model=" + model : "");
        // the endpoints whose namespace is in the body get a valid one (namespace mx)
        String body = switch (key(rule)) {
            case "POST /api/v1/models" -> "{\"name\":\"" + NS + "." + uniqueName("m")
                    + "\",\"description\":\"d\",\"owner_team\":\"" + NS + "\",\"tags\":{}}";
            case "POST /api/v1/experiments" -> "{\"name\":\"" + uniqueName("e") + "\",\"namespace\":\"" + NS + "\"}";
            case "POST /api/v1/runs" -> "{\"experiment_id\":\"" + experiment + "\"}";
            default -> "{}";
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        HttpMethod method = rule.method();
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.HEAD)) {
            request.method(method.name(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json")
                    .method(method.name(), HttpRequest.BodyPublishers.ofString(body));
        }
        String token = tokens.get(principal);
        return token == null ? anonymous().send(request) : as(token).send(request);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([a-z0-9_]+)}");

    /**
     * The pattern with every path variable replaced by a value that names something real. A deletion of
     * an experiment or a run gets one of its own, so that the shared ones stay for the other requests.
     */
    private String fill(RouteRule rule) {
        String pattern = rule.pattern();
        boolean deletes = rule.method().equals(HttpMethod.DELETE);
        String experimentId = deletes && pattern.endsWith("{experiment_id}") ? newExperiment() : experiment;
        String runId = deletes && pattern.endsWith("{run_id}") ? newRun(experiment) : run;
        if (!experimentId.equals(experiment) || !runId.equals(run)) {
            awaitProjected(lastEventPosition());
        }
        Map<String, Function<String, String>> values = Map.ofEntries(
                Map.entry("name", v -> model),
                Map.entry("namespace", v -> NS),
                Map.entry("version", v -> "1"),
                Map.entry("alias", v -> "matrix"),
                Map.entry("sha256", v -> DIGEST_A),
                Map.entry("path", v -> "model"),
                Map.entry("id", v -> UUID.randomUUID().toString()),
                Map.entry("number", v -> "1"),
                Map.entry("username", v -> victim.username()),
                Map.entry("principal", v -> victim.username()),
                Map.entry("role", v -> pattern.startsWith("/api/v1/admin/grants") ? "auditor" : "viewer"),
                Map.entry("token_id", v -> "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)),
                Map.entry("key", v -> "accuracy"),
                Map.entry("evaluator", v -> "matrix-evaluator"),
                Map.entry("experiment_id", v -> experimentId),
                Map.entry("run_id", v -> runId),
                Map.entry("node", v -> "run:" + runId));
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            Function<String, String> value = values.get(matcher.group(1));
            if (value == null) {
                throw new AssertionError("the matrix has no value for {" + matcher.group(1) + "} in " + pattern);
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(value.apply(matcher.group(1))));
        }
        matcher.appendTail(path);
        // required query parameters, so that a refusal can only be about who asks
        if (pattern.equals("/api/v1/runs:compare")) {
            path.append("?runs=").append(run).append(',').append(otherRun);
        } else if (pattern.endsWith("/runs:best")) {
            path.append("?metric=accuracy");
        }
        return path.toString();
    }

    private List<RouteRule> rules() {
        return context.getBeansOfType(RouteTable.class).values().stream()
                .flatMap(table -> table.rules().stream()).toList();
    }

    private static String key(RouteRule rule) {
        return rule.method().name() + " " + rule.pattern();
    }

    /** Method and pattern of every endpoint Spring MVC serves under /api (controllers and functional routes). */
    private Set<String> handlerEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<String> patterns = info.getPatternValues();
                    var methods = info.getMethodsCondition().getMethods();
                    for (String pattern : patterns) {
                        methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                    }
                }));
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
            RouterFunction<?> routes = mapping.getRouterFunction();
            if (routes != null) {
                routes.accept(new RouteCollector(endpoints));
            }
        });
        endpoints.removeIf(endpoint -> !endpoint.contains(" /api/"));
        return endpoints;
    }

    /** Collects method + path of functional routes. */
    private record RouteCollector(Set<String> endpoints) implements RouterFunctions.Visitor {

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            List<String> methods = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            predicate.accept(new RequestPredicates.Visitor() {
                @Override
                public void method(Set<HttpMethod> httpMethods) {
                    httpMethods.forEach(method -> methods.add(method.name()));
                }

                @Override
                public void path(String pattern) {
                    paths.add(pattern);
                }

                @Override
                public void pathExtension(String extension) {
                }

                @Override
                public void header(String name, String value) {
                }

                @Override
                public void param(String name, String value) {
                }

                @Override
                public void version(String version) {
                }

                @Override
                public void startAnd() {
                }

                @Override
                public void and() {
                }

                @Override
                public void endAnd() {
                }

                @Override
                public void startOr() {
                }

                @Override
                public void or() {
                }

                @Override
                public void endOr() {
                }

                @Override
                public void startNegate() {
                }

                @Override
                public void endNegate() {
                }

                @Override
                public void unknown(RequestPredicate predicate) {
                }
            });
            methods.forEach(method -> paths.forEach(path -> endpoints.add(method + " " + path)));
        }

        @Override
        public void startNested(RequestPredicate predicate) {
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(Function<org.springframework.web.servlet.function.ServerRequest,
                java.util.Optional<org.springframework.core.io.Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() < 200 ? text : text.substring(0, 200) + "...";
    }
}
