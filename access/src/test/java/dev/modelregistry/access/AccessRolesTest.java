package dev.modelregistry.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each role allows: viewer < contributor; reviewer and deployer include contributor; admin all. */
class AccessRolesTest {

    private static Set<Permission> allowedIn(String namespace, AccessRoles roles) {
        Set<Permission> allowed = EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
            if (roles.allows(permission, namespace)) {
                allowed.add(permission);
            }
        }
        return allowed;
    }

    private static AccessRoles in(String namespace, NamespaceRole role) {
        return new AccessRoles(Set.of(), Map.of(namespace, Set.of(role)));
    }

    @Test
    void viewerOnlyReads() {
        assertThat(allowedIn("fraud", in("fraud", NamespaceRole.VIEWER)))
                .containsExactlyInAnyOrder(Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ);
    }

    @Test
    void contributorReadsAndContributes() {
        assertThat(allowedIn("fraud", in("fraud", NamespaceRole.CONTRIBUTOR))).containsExactlyInAnyOrder(
                Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ, Permission.CONTRIBUTE);
    }

    @Test
    void reviewerIncludesContributorButNotDeploy() {
        assertThat(allowedIn("fraud", in("fraud", NamespaceRole.REVIEWER))).containsExactlyInAnyOrder(
                Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ, Permission.CONTRIBUTE, Permission.REVIEW);
    }

    @Test
    void deployerIncludesContributorButNotReview() {
        assertThat(allowedIn("fraud", in("fraud", NamespaceRole.DEPLOYER))).containsExactlyInAnyOrder(
                Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ, Permission.CONTRIBUTE, Permission.DEPLOY);
    }

    @Test
    void namespaceAdminHoldsEveryNamespacePermissionButNoGlobalOne() {
        assertThat(allowedIn("fraud", in("fraud", NamespaceRole.ADMIN))).containsExactlyInAnyOrder(
                Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ, Permission.CONTRIBUTE,
                Permission.REVIEW, Permission.DEPLOY, Permission.ADMINISTER);
    }

    @Test
    void namespaceRolesAllowNothingInAnotherNamespace() {
        assertThat(allowedIn("risk", in("fraud", NamespaceRole.ADMIN)))
                .containsExactlyInAnyOrder(Permission.PUBLIC, Permission.AUTHENTICATED);
    }

    @Test
    void globalAuditorReadsEverythingAndAuditsButChangesNothing() {
        AccessRoles auditor = new AccessRoles(Set.of(GlobalRole.AUDITOR), Map.of());
        assertThat(allowedIn("anything", auditor)).containsExactlyInAnyOrder(
                Permission.PUBLIC, Permission.AUTHENTICATED, Permission.READ, Permission.AUDIT);
        assertThat(auditor.readsEverything()).isTrue();
    }

    @Test
    void globalAdminMayDoAnything() {
        assertThat(allowedIn("anything", new AccessRoles(Set.of(GlobalRole.ADMIN), Map.of())))
                .containsExactlyInAnyOrder(Permission.values());
    }

    @Test
    void namespacePermissionSomewhereNeedsItInAtLeastOneNamespace() {
        AccessRoles roles = new AccessRoles(Set.of(), Map.of("fraud", Set.of(NamespaceRole.VIEWER),
                "risk", Set.of(NamespaceRole.CONTRIBUTOR)));
        assertThat(roles.allowsSomewhere(Permission.CONTRIBUTE)).isTrue();
        assertThat(roles.allowsSomewhere(Permission.REVIEW)).isFalse();
        assertThat(AccessRoles.NONE.allowsSomewhere(Permission.READ)).isFalse();
    }

    @Test
    void routeRuleRefusesANamespaceScopeForAGlobalPermission() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> RouteRule.of(
                org.springframework.http.HttpMethod.GET, "/api/v1/audit/{name}", Permission.AUDIT,
                RouteRule.Scope.MODEL));
    }
}
