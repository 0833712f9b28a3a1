package dev.modelregistry.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A service as the access module sees it: a route table over an in-memory grant store, the registry's
 * signing keys (real RSA keys: a current one and a retired one), API tokens and sign-in sessions, and
 * the controller of {@link AccessTestController}. AccessConfiguration is imported twice on purpose, as
 * the standalone registry does through its services.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({AccessConfiguration.class, AccessTestApplication.OtherService.class, AccessTestController.class,
        AccessTestController.CatchAll.class})
class AccessTestApplication {

    static final RSAKey CURRENT_KEY = rsa("key-2");
    static final RSAKey RETIRED_KEY = rsa("key-1");
    /** Never published: tokens signed with it must be refused. */
    static final RSAKey FOREIGN_KEY = rsa("key-2");

    /** principal -> roles; tests may change it */
    static final Map<String, AccessRoles> GRANTS = new ConcurrentHashMap<>(Map.of(
            "viewer-fraud", namespaceRoles("fraud", NamespaceRole.VIEWER),
            "contributor-fraud", namespaceRoles("fraud", NamespaceRole.CONTRIBUTOR),
            "deployer-fraud", namespaceRoles("fraud", NamespaceRole.DEPLOYER),
            "admin-fraud", namespaceRoles("fraud", NamespaceRole.ADMIN),
            "viewer-default", namespaceRoles(Namespaces.DEFAULT, NamespaceRole.VIEWER),
            "auditor", new AccessRoles(Set.of(GlobalRole.AUDITOR), Map.of()),
            "root", new AccessRoles(Set.of(GlobalRole.ADMIN), Map.of())));

    static final Set<String> ENDED_SESSIONS = ConcurrentHashMap.newKeySet();

    static final String API_TOKEN = "mrt_tok1_s3cr3tS3cr3tS3cr3t";
    static final String BROKEN_STORE_TOKEN = "mrt_tok2_storeIsDown";

    static AccessRoles namespaceRoles(String namespace, NamespaceRole... roles) {
        return new AccessRoles(Set.of(), Map.of(namespace, Set.of(roles)));
    }

    private static RSAKey rsa(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Off in a test of a service deployed apart from the command side (it fetches the keys over HTTP). */
    @Bean
    @ConditionalOnProperty(name = "test.signing-keys-in-jvm", matchIfMissing = true)
    SigningKeys testSigningKeys() {
        return new SigningKeys() {
            @Override
            public RSAKey current() {
                return CURRENT_KEY;
            }

            @Override
            public JWKSet publicKeys() {
                return new JWKSet(List.of(CURRENT_KEY.toPublicJWK(), RETIRED_KEY.toPublicJWK()));
            }
        };
    }

    @Bean
    SessionStatus testSessionStatus() {
        return sessionId -> !ENDED_SESSIONS.contains(sessionId);
    }

    @Bean
    ApiTokenVerifier testApiTokenVerifier() {
        return token -> {
            if (token.equals(BROKEN_STORE_TOKEN)) {
                throw new IllegalStateException("credential store down");
            }
            return token.equals(API_TOKEN)
                    ? Optional.of(new RegistryPrincipal("ci-bot", RegistryPrincipal.Method.API_TOKEN, "tok1", null))
                    : Optional.empty();
        };
    }

    static final AccessGrants GRANT_STORE = principal -> GRANTS.getOrDefault(principal, AccessRoles.NONE);

    @Bean
    RouteTable testRouteTable() {
        return new RouteTable() {
            @Override
            public List<RouteRule> rules() {
                return List.of(
                        RouteRule.of(HttpMethod.POST, "/api/v1/auth/login", Permission.PUBLIC, RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.GET, "/api/v1/auth/me", Permission.AUTHENTICATED, RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.GET, "/api/v1/models/{name}", Permission.READ, RouteRule.Scope.MODEL),
                        RouteRule.of(HttpMethod.PATCH, "/api/v1/models/{name}", Permission.CONTRIBUTE, RouteRule.Scope.MODEL),
                        RouteRule.of(HttpMethod.POST, "/api/v1/models/{name}/versions/{version}:transition",
                                Permission.REVIEW, RouteRule.Scope.MODEL),
                        RouteRule.of(HttpMethod.POST, "/api/v1/models", Permission.CONTRIBUTE, RouteRule.Scope.HANDLER),
                        RouteRule.of(HttpMethod.POST, "/api/v1/artifacts", Permission.CONTRIBUTE, RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.GET, "/api/v1/audit", Permission.AUDIT, RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.POST, "/api/v1/admin/users", Permission.GLOBAL_ADMIN, RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.PUT, "/api/v1/admin/namespaces/{namespace}/grants/{principal}",
                                Permission.ADMINISTER, RouteRule.Scope.NAMESPACE),
                        RouteRule.of(HttpMethod.GET, "/api/v1/handler-refuses", Permission.AUTHENTICATED,
                                RouteRule.Scope.NONE),
                        RouteRule.of(HttpMethod.GET, "/api/v1/routed", Permission.AUTHENTICATED, RouteRule.Scope.NONE));
            }

            @Override
            public AccessGrants grants() {
                return GRANT_STORE;
            }
        };
    }

    @Bean
    Authorizer testAuthorizer() {
        return new RequestAuthorizer(GRANT_STORE);
    }

    @Bean
    RouterFunction<ServerResponse> testRoutes() {
        return RouterFunctions.route()
                .GET("/api/v1/routed", request -> ServerResponse.ok().body(Map.of("routed", true)))
                .GET("/api/v1/routed-without-rule", request -> ServerResponse.ok().body(Map.of("routed", true)))
                .build();
    }

    /** A second service importing the access configuration again, with a table of its own. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @Import(AccessConfiguration.class)
    static class OtherService {

        /** Only the global admin holds anything in this service's store. */
        @Bean
        RouteTable otherRouteTable() {
            return new RouteTable() {
                @Override
                public List<RouteRule> rules() {
                    return List.of(RouteRule.of(HttpMethod.GET, "/api/v1/other/{namespace}", Permission.READ,
                            RouteRule.Scope.NAMESPACE));
                }

                @Override
                public AccessGrants grants() {
                    return principal -> principal.equals("root")
                            ? new AccessRoles(Set.of(GlobalRole.ADMIN), Map.of()) : AccessRoles.NONE;
                }
            };
        }
    }
}
