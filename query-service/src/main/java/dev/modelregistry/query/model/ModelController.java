package dev.modelregistry.query.model;

import dev.modelregistry.events.model.Stage;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.model.Views.AliasView;
import dev.modelregistry.query.model.Views.ModelView;
import dev.modelregistry.query.model.Views.VersionView;
import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.governance.PromotionPolicyQueries;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.VersionNumber;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.QueryException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Models, versions, aliases and version comparison from the PostgreSQL read model; every read takes
 * {@code as_of} (docs/api.md, "Point in time") and then answers from the validity-interval tables.
 */
@RestController("queryModelController")
@RequestMapping(path = "/api/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsFrom(Projector.POSTGRES)
class ModelController {

    static final int MIN_COMPARED = 2;
    static final int MAX_COMPARED = 20;

    private final ModelQueries queries;
    private final ReadScope scope;
    private final PromotionPolicyQueries policies;

    ModelController(ModelQueries queries, ReadScope scope, PromotionPolicyQueries policies) {
        this.queries = queries;
        this.scope = scope;
        this.policies = policies;
    }

    @GetMapping
    Page<ModelView> models(@RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                           @RequestParam(defaultValue = "false") boolean orphaned,
                           @RequestParam(defaultValue = "false") boolean expired,
                           @RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                           @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                           @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        int size = PageSize.parse(pageSize);
        return queries.models(new ModelQueries.ModelFilter(includeDeleted, orphaned, expired), time,
                scope.readableNamespaces(), size, emptyToNull(pageToken));
    }

    @GetMapping("/{name}")
    ModelView model(@PathVariable String name,
                    @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                    @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        OffsetDateTime time = AsOf.parse(asOf);
        ModelView model = queries.model(name, includeDeleted, time);
        return model.withPolicy(policies.policy(name, time).orElse(null));
    }

    @GetMapping("/{name}/versions")
    Page<VersionView> versions(@PathVariable String name,
                               @RequestParam(required = false) String stage,
                               @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                               @RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                               @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                               @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        Optional<Stage> parsedStage = parseStage(stage);
        OffsetDateTime time = AsOf.parse(asOf);
        int size = PageSize.parse(pageSize);
        return queries.versions(name, parsedStage, includeDeleted, time, size, emptyToNull(pageToken));
    }

    /** A literal path segment: never taken for {@code /versions/{version}} (a different segment count). */
    @GetMapping("/{name}/versions:compare")
    VersionComparison compare(@PathVariable String name,
                              @RequestParam(name = "versions", required = false) String versions,
                              @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                              @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        List<Integer> numbers = parseVersionList(versions);
        return VersionComparison.of(queries.versions(name, numbers, includeDeleted, AsOf.parse(asOf), "versions"));
    }

    @GetMapping("/{name}/versions/{version}")
    VersionView version(@PathVariable String name, @PathVariable String version,
                        @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                        @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        int number = parseVersion(version, "version");
        return queries.version(name, number, includeDeleted, AsOf.parse(asOf));
    }

    @GetMapping("/{name}/aliases")
    Page<AliasView> aliases(@PathVariable String name,
                            @RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                            @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                            @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        return queries.aliases(name, time, PageSize.parse(pageSize), emptyToNull(pageToken));
    }

    @GetMapping("/{name}/aliases/{alias}")
    VersionView alias(@PathVariable String name, @PathVariable String alias,
                      @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                      @RequestParam(name = AsOf.PARAMETER, required = false) String asOf) {
        return queries.versionByAlias(name, alias, includeDeleted, AsOf.parse(asOf));
    }

    static Optional<Stage> parseStage(String stage) {
        if (stage == null || stage.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Stage.fromLabel(stage.strip()).orElseThrow(() -> QueryException.badParameter("stage",
                "stage must be one of " + Arrays.stream(Stage.values()).map(Stage::label)
                        .collect(Collectors.joining(", ")))));
    }

    static int parseVersion(String text, String field) {
        return VersionNumber.parse(text, field);
    }

    /** {@code versions=1,2,3}: 2 to 20 distinct positive integers. */
    static List<Integer> parseVersionList(String text) {
        String problem = "versions must list " + MIN_COMPARED + " to " + MAX_COMPARED
                + " distinct version numbers separated by commas, such as versions=1,2";
        if (text == null || text.isBlank() || text.length() > 512) {
            throw QueryException.badParameter("versions", problem);
        }
        List<Integer> versions = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            versions.add(parseVersion(part, "versions"));
        }
        if (versions.size() < MIN_COMPARED || versions.size() > MAX_COMPARED
                || new LinkedHashSet<>(versions).size() != versions.size()) {
            throw QueryException.badParameter("versions", problem);
        }
        return versions;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
