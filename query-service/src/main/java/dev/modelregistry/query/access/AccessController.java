package dev.modelregistry.query.access;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.query.access.AccessViews.ApiToken;
import dev.modelregistry.query.access.AccessViews.Grant;
import dev.modelregistry.query.access.AccessViews.Me;
import dev.modelregistry.query.access.AccessViews.Namespace;
import dev.modelregistry.query.access.AccessViews.NamespaceDetail;
import dev.modelregistry.query.access.AccessViews.User;
import dev.modelregistry.query.access.AccessViews.UserDetail;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.readmodel.ReadModelGrants;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who may do what, from the access read model, now or {@code as_of} a time: the caller itself, its
 * API tokens (never a secret), users, namespaces with their team and grants, global roles.
 */
@RestController("queryAccessController")
@ReadsFrom(Projector.POSTGRES)
class AccessController {

    private final AccessQueries queries;
    private final ReadScope scope;

    AccessController(AccessQueries queries, ReadScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    @GetMapping(path = "/api/v1/auth/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Me me(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        RegistryPrincipal principal = scope.principal();
        ReadModelGrants.Roles roles = queries.roles(principal.name(), AsOf.parse(asOf));
        return new Me(principal.name(), principal.method().name().toLowerCase(Locale.ROOT), roles.global(),
                roles.namespaces());
    }

    @GetMapping(path = "/api/v1/auth/api-tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<ApiToken>> apiTokens(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        return Map.of("items", queries.apiTokens(scope.principal().name(), AsOf.parse(asOf)));
    }

    @GetMapping(path = "/api/v1/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<User> users(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                     @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                     @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        return queries.users(time, PageSize.parse(pageSize), emptyToNull(pageToken));
    }

    @GetMapping(path = "/api/v1/admin/users/{username}", produces = MediaType.APPLICATION_JSON_VALUE)
    UserDetail user(@PathVariable String username,
                    @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        return queries.user(username, AsOf.parse(asOf));
    }

    @GetMapping(path = "/api/v1/admin/grants", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<Grant>> globalGrants(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        return Map.of("items", queries.globalGrants(AsOf.parse(asOf)));
    }

    /** The namespaces the caller may read (every one for a global auditor or admin). */
    @GetMapping(path = "/api/v1/admin/namespaces", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Namespace> namespaces(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                               @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                               @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        return queries.namespaces(time, scope.readableNamespaces(), PageSize.parse(pageSize), emptyToNull(pageToken));
    }

    @GetMapping(path = "/api/v1/admin/namespaces/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
    NamespaceDetail namespace(@PathVariable String namespace,
                              @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        if (!Namespaces.isValidNamespace(namespace)) {
            throw new QueryException(ProblemType.INVALID_PARAMETER, "namespace",
                    Namespaces.problem(namespace).orElse("Invalid namespace"));
        }
        return queries.namespace(namespace, AsOf.parse(asOf));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
