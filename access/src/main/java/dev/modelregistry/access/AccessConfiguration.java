package dev.modelregistry.access;

import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Authentication and authorization of every HTTP request, for each service to import (importing it
 * several times into one context, as the standalone registry does, declares everything once). One
 * stateless filter chain: bearer tokens only (no session, no cookie, hence no CSRF; no form or basic
 * login), checked by {@link BearerTokenAuthenticator}, then every request authorized against the
 * {@link RouteTable} beans of the services ({@link RouteAuthorization}). Failures are problem+json.
 *
 * <p>Optional beans the services provide: {@link SigningKeys} (also makes an {@link AccessTokens} bean),
 * {@link ApiTokenVerifier}, {@link SessionStatus}. No bean of type {@link Authorizer} or
 * {@link AccessGrants} is declared here: each service makes its own {@link RequestAuthorizer}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AccessProperties.class)
public class AccessConfiguration {

    /** Static: it runs before the other beans exist. */
    @Bean
    static AccessTokensRegistrar accessTokensRegistrar() {
        return new AccessTokensRegistrar();
    }

    /**
     * Spring Security's firewall refuses encoded slashes, backslashes and periods before any handler. The
     * registry's own validators refuse such names with {@code invalid_name} and the field at fault, which
     * tells a client more (the web server passes encoded separators through, see the standalone's
     * StandaloneTomcat); route matching and authorization see the same decoded segment the handler
     * validates, so no route can be reached through them. Everything else the firewall refuses
     * (semicolons, NUL, line breaks, unknown methods) answers 400 problem+json {@code bad_request}.
     */
    @Bean
    HttpFirewall accessHttpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowBackSlash(true);
        firewall.setAllowUrlEncodedPeriod(true);
        // Tomcat passes %2F and %5C through undecoded, so the decoded path holds a '%': allowed, because
        // nothing decodes a path variable twice and every name, alias and artifact path refuses '%'
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    @Bean
    RequestRejectedHandler accessRequestRejectedHandler(AccessProblems problems) {
        return problems::rejected;
    }

    /**
     * No observation around the filter chain, authentication or authorization: nothing exports them, and
     * with an observation registry present Spring Security wraps every filter of every request in an
     * observing decorator even when {@code management.observations.enable.spring.security} is false
     * (docs/benchmarks.md).
     */
    @Bean
    SecurityObservationSettings accessSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    AccessProblems accessProblems() {
        return new AccessProblems();
    }

    @Bean
    RouteAuthorization accessRouteAuthorization(ObjectProvider<RouteTable> tables, ApplicationContext context) {
        return new RouteAuthorization(tables, new HandlerLookup(context));
    }

    @Bean
    SecurityFilterChain accessSecurityFilterChain(HttpSecurity http, AccessProperties properties,
                                                  ObjectProvider<SigningKeys> signingKeys,
                                                  ObjectProvider<ApiTokenVerifier> apiTokens,
                                                  ObjectProvider<SessionStatus> sessions,
                                                  RouteAuthorization routes, AccessProblems problems) throws Exception {
        // not a bean: an AuthenticationManager bean would become the whole context's default
        AuthenticationManager tokens = new BearerTokenAuthenticator(properties, signingKeys, apiTokens, sessions);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> tokens)
                        .bearerTokenResolver(new RegistryBearerTokenResolver(routes))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        // the request that started an error page or an async continuation was authorized
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .anyRequest().access(routes))
                .build();
    }
}
