package dev.modelregistry.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;

/** Importing the configuration from several services declares everything once. */
class AccessConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @Import(AccessConfiguration.class)
    static class CommandSide {

        @Bean
        SigningKeys commandSigningKeys() {
            return new SigningKeys() {
                @Override
                public RSAKey current() {
                    return AccessTestApplication.CURRENT_KEY;
                }

                @Override
                public JWKSet publicKeys() {
                    return new JWKSet(AccessTestApplication.CURRENT_KEY.toPublicJWK());
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(AccessConfiguration.class)
    static class QuerySide {
    }

    @Configuration(proxyBeanMethods = false)
    @Import(AccessConfiguration.class)
    static class Projections {
    }

    @Test
    void importedByThreeServicesItDeclaresOneFilterChainAndOneAccessTokens() {
        new WebApplicationContextRunner()
                .withUserConfiguration(QuerySide.class, AccessConfiguration.class, Projections.class, CommandSide.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SecurityFilterChain.class);
                    assertThat(context).hasSingleBean(AccessTokens.class);
                    assertThat(context).hasSingleBean(AccessProperties.class);
                    assertThat(context).doesNotHaveBean(Authorizer.class);
                    assertThat(context).doesNotHaveBean(AccessGrants.class);
                });
    }

    @Test
    void withoutSigningKeysThereIsNoAccessTokensBean() {
        new WebApplicationContextRunner()
                .withUserConfiguration(QuerySide.class, Projections.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityFilterChain.class);
                    assertThat(context).doesNotHaveBean(AccessTokens.class);
                });
    }

    @Test
    void propertiesHaveTheDocumentedDefaults() {
        new WebApplicationContextRunner().withUserConfiguration(QuerySide.class).run(context -> {
            AccessProperties properties = context.getBean(AccessProperties.class);
            assertThat(properties.issuer()).isEqualTo("urn:model-registry");
            assertThat(properties.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
            assertThat(properties.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.registryJwkSetUri()).isNull();
            assertThat(properties.oidc().enabled()).isFalse();
            assertThat(properties.oidc().principalClaim()).isEqualTo("preferred_username");
            assertThat(properties.oidc().jwsAlgorithms()).containsExactly("RS256");
        });
    }

    @Test
    void sharedSecretAlgorithmForTheOidcIssuerIsRefusedAtStart() {
        new WebApplicationContextRunner().withUserConfiguration(QuerySide.class)
                .withPropertyValues("registry.auth.oidc.issuer-uri=https://idp.example.com",
                        "registry.auth.oidc.jws-algorithms=HS256")
                .run(context -> assertThat(context).hasFailed());
    }
}
