package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.RouteRule;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The command side's route table has exactly one rule per handler method of its controllers: an
 * endpoint added without a rule, or a rule left after its endpoint went, fails the build.
 */
class CommandRoutesTest {

    static final List<Class<?>> CONTROLLERS = List.of(ModelCommandController.class, ArtifactCommandController.class,
            AuthController.class, AccessAdminController.class, GovernanceCommandController.class,
            TrackingCommandController.class);

    static Set<String> endpoints() {
        Set<String> endpoints = new HashSet<>();
        for (Class<?> controller : CONTROLLERS) {
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                for (var verb : mapping.method()) {
                    for (String path : mapping.path()) {
                        endpoints.add(verb.name() + " " + path);
                    }
                }
            }
        }
        return endpoints;
    }

    @Test
    void every_endpoint_has_exactly_one_rule_and_every_rule_an_endpoint() {
        List<String> rules = CommandRoutes.RULES.stream().map(r -> r.method().name() + " " + r.pattern()).toList();
        assertThat(rules).doesNotHaveDuplicates();
        assertThat(Set.copyOf(rules)).isEqualTo(endpoints());
    }

    @Test
    void only_sign_in_refresh_and_the_key_set_are_public() {
        assertThat(CommandRoutes.RULES.stream().filter(r -> r.permission() == dev.modelregistry.access.Permission.PUBLIC)
                .map(RouteRule::pattern).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/jwks");
    }

    @Test
    void the_table_checks_against_the_grants_it_was_given() {
        CommandRoutes routes = new CommandRoutes(principal -> AccessRoles.NONE);
        assertThat(routes.grants().rolesOf("anyone")).isEqualTo(AccessRoles.NONE);
        assertThat(routes.rules()).isSameAs(CommandRoutes.RULES);
    }
}
