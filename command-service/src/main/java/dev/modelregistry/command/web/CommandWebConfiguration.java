package dev.modelregistry.command.web;

import dev.modelregistry.access.CurrentPrincipal;
import dev.modelregistry.access.RequestAuthorizer;
import dev.modelregistry.command.access.AccessState;
import dev.modelregistry.command.lineage.RegisteredVersions;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.command.tracking.Tracking;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

/**
 * The REST command API, its problem handler and its authorization: the route table of every command
 * endpoint ({@link CommandRoutes}, merged by the access module's filter chain) and the handlers' own
 * checks ({@link CommandAuthorization}), both on the command side's grants. Limits:
 * {@code registry.command.max-body-size} (default 1MB, larger bodies get 413) and
 * {@code registry.command.max-json-depth} (default 32).
 */
@Configuration(proxyBeanMethods = false)
@Import({ModelCommandController.class, ArtifactCommandController.class, AuthController.class,
        AccessAdminController.class, GovernanceCommandController.class, TrackingCommandController.class,
        CommandProblemHandler.class})
public class CommandWebConfiguration {

    @Bean
    CommandJson commandJson(@Value("${registry.command.max-body-size:1MB}") DataSize maxBodySize,
                            @Value("${registry.command.max-json-depth:32}") int maxJsonDepth) {
        return new CommandJson(maxBodySize.toBytes(), maxJsonDepth);
    }

    @Bean
    CommandRoutes commandRoutes(AccessState commandAccessState) {
        return new CommandRoutes(commandAccessState.grants());
    }

    @Bean
    CommandAuthorization commandAuthorization(AccessState commandAccessState) {
        return new CommandAuthorization(new RequestAuthorizer(commandAccessState.grants()));
    }

    @Bean
    VersionRegistration commandVersionRegistration(VersionManifests manifests, CommandAuthorization commandAuthorization,
                                                   Tracking commandTracking,
                                                   RegisteredVersions commandRegisteredVersions) {
        return new VersionRegistration(manifests, commandAuthorization, commandTracking, commandRegisteredVersions);
    }

    /** The authenticated principal of the request is the actor of every event it produces. */
    @Bean
    CurrentActor commandCurrentActor() {
        return new CurrentActor(CurrentPrincipal::get);
    }
}
