package dev.modelregistry.projection.rebuild;

import dev.modelregistry.access.AccessGrants;
import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.Permission;
import dev.modelregistry.access.RouteRule;
import dev.modelregistry.access.RouteTable;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.readmodel.ReadModelGrants;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.http.HttpMethod;

/**
 * The authorization rules of the projections' own HTTP routes ({@link ReadModelRebuildRoutes}): a
 * rebuild replaces every read model, so only a global admin may start it or watch it. Roles come from
 * the access read model the projections themselves maintain.
 */
public final class ReadModelRebuildAccess implements RouteTable {

    private final ReadModelDatabase database;

    public ReadModelRebuildAccess(ReadModelDatabase database) {
        this.database = database;
    }

    @Override
    public List<RouteRule> rules() {
        return List.of(
                RouteRule.of(HttpMethod.POST, ReadModelRebuildRoutes.START_PATH, Permission.GLOBAL_ADMIN,
                        RouteRule.Scope.NONE),
                RouteRule.of(HttpMethod.GET, ReadModelRebuildRoutes.STATUS_PATH, Permission.GLOBAL_ADMIN,
                        RouteRule.Scope.NONE));
    }

    @Override
    public AccessGrants grants() {
        return principal -> {
            ReadModelGrants.Roles roles = ReadModelGrants.rolesOf(database.dsl(), principal, null);
            Map<String, Set<NamespaceRole>> namespaces = new TreeMap<>();
            roles.namespaces().forEach((namespace, labels) ->
                    namespaces.put(namespace, enums(labels, NamespaceRole.class, NamespaceRole::fromLabel)));
            return new AccessRoles(enums(roles.global(), GlobalRole.class, GlobalRole::fromLabel), namespaces);
        };
    }

    private static <E extends Enum<E>> Set<E> enums(Set<String> labels, Class<E> type,
                                                   Function<String, Optional<E>> parse) {
        Set<E> set = EnumSet.noneOf(type);
        labels.forEach(label -> parse.apply(label).ifPresent(set::add));
        return set;
    }
}
