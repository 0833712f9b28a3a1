package dev.modelregistry.command.web;

import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.access.SigningKeys;
import dev.modelregistry.command.access.ApiTokens;
import dev.modelregistry.command.access.Change;
import dev.modelregistry.command.access.SignIns;
import dev.modelregistry.command.access.UserAccounts;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.web.AccessRequests.ApiTokenRequest;
import dev.modelregistry.command.web.AccessRequests.LoginRequest;
import dev.modelregistry.command.web.AccessRequests.PasswordRequest;
import dev.modelregistry.command.web.AccessRequests.RefreshRequest;
import dev.modelregistry.command.web.AccessResponses.ApiTokenResponse;
import dev.modelregistry.command.web.AccessResponses.TokenResponse;
import dev.modelregistry.access.Permission;
import dev.modelregistry.command.access.AccessRules;
import dev.modelregistry.command.access.AccessSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Authentication, v1 (docs/api.md, "Authentication"): sign-in, refresh-token rotation, sign-out,
 * password change, the caller's API tokens, and the public keys of the access tokens. Login, refresh
 * and the key set are public; the rest need a bearer token (rules in {@link CommandRoutes}). Token
 * answers are never cached ({@code Cache-Control: no-store}); commands that record events answer
 * {@value CommandHeaders#POSITION}.
 */
@RestController
public class AuthController {

    static final String AUTH = "/api/v1/auth";
    /** RFC 7517: the media type of a JWK set. */
    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final SignIns signIns;
    private final UserAccounts users;
    private final ApiTokens apiTokens;
    private final SigningKeys signingKeys;
    private final CommandJson json;
    private final CurrentActor actor;
    private final CommandAuthorization authorization;
    private final int maxApiTokenDays;

    AuthController(SignIns signIns, UserAccounts users, ApiTokens apiTokens, SigningKeys signingKeys, CommandJson json,
                   CurrentActor actor, CommandAuthorization authorization, AccessSettings settings) {
        this.maxApiTokenDays = settings.apiTokens().maxExpiryDays();
        this.signIns = signIns;
        this.users = users;
        this.apiTokens = apiTokens;
        this.signingKeys = signingKeys;
        this.json = json;
        this.actor = actor;
        this.authorization = authorization;
    }

    /** Unknown user, wrong password and disabled account: the same 401 {@code invalid_credentials}. */
    @PostMapping(AUTH + "/login")
    ResponseEntity<TokenResponse> login(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        LoginRequest body = json.read(request, LoginRequest.class, true);
        AccessValidator v = new AccessValidator();
        v.required("username", body.username());
        v.required("password", body.password());
        v.throwIfAny();
        return tokens(signIns.login(body.username(), body.password()), correlationId);
    }

    /** Rotates: the presented refresh token is used up; presenting it again ends the whole session. */
    @PostMapping(AUTH + "/refresh")
    ResponseEntity<TokenResponse> refresh(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        RefreshRequest body = json.read(request, RefreshRequest.class, true);
        AccessValidator v = new AccessValidator();
        v.required("refresh_token", body.refreshToken());
        v.throwIfAny();
        return tokens(signIns.refresh(body.refreshToken(), correlationId), correlationId);
    }

    /** Ends the caller's sign-in session: its refresh tokens and, at once, its access tokens. */
    @PostMapping(AUTH + "/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        signIns.logout(actor.principal());
        return ResponseEntity.noContent().header(CommandHeaders.CORRELATION_ID, correlationId).build();
    }

    /** Changes the caller's own password; every session of theirs ends (sign in again). */
    @PostMapping(AUTH + "/password")
    ResponseEntity<Void> changePassword(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        PasswordRequest body = json.read(request, PasswordRequest.class, true);
        AccessValidator v = new AccessValidator();
        v.required("current_password", body.currentPassword());
        v.password("new_password", body.newPassword(), true);
        v.throwIfAny();
        RegistryPrincipal principal = actor.principal();
        long position = users.changeOwnPassword(principal, body.currentPassword(), body.newPassword(),
                new EventMetaData(principal.name(), correlationId, null));
        return ResponseEntity.noContent().headers(CommandHeaders.of(position, correlationId)).build();
    }

    /** A new API token of the caller, shown in this answer only. */
    @PostMapping(AUTH + "/api-tokens")
    ResponseEntity<ApiTokenResponse> issueApiToken(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        ApiTokenRequest body = json.read(request, ApiTokenRequest.class, true);
        AccessValidator v = new AccessValidator();
        String name = v.line("name", body.name(), AccessRules.MAX_TOKEN_NAME, true);
        Integer days = v.expiresInDays(body.expiresInDays(), maxApiTokenDays);
        v.throwIfAny();
        RegistryPrincipal principal = actor.principal();
        ApiTokens.Issued issued = apiTokens.issue(principal, name, days,
                new EventMetaData(principal.name(), correlationId, null));
        return ResponseEntity.created(URI.create(AUTH + "/api-tokens/" + issued.tokenId()))
                .headers(CommandHeaders.of(issued.position(), correlationId))
                .cacheControl(CacheControl.noStore())
                .body(new ApiTokenResponse(issued.tokenId(), issued.token(), issued.name(),
                        issued.expiresAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(issued.expiresAt())));
    }

    /** Revokes one of the caller's API tokens (a global admin may revoke anyone's); 404 for any other. */
    @DeleteMapping(AUTH + "/api-tokens/{token_id}")
    ResponseEntity<Void> revokeApiToken(@PathVariable("token_id") String tokenId, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String caller = actor.actor();
        boolean admin = authorization.allows(Permission.GLOBAL_ADMIN, null);
        Change change = apiTokens.revoke(caller, tokenId, admin, new EventMetaData(caller, correlationId, null));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    /** The public keys that verify the registry's access tokens (for a query side deployed apart). */
    @GetMapping(AUTH + "/jwks")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().contentType(JWK_SET).cacheControl(CacheControl.noCache())
                .body(signingKeys.publicKeys().toJSONObject(true));
    }

    private static ResponseEntity<TokenResponse> tokens(SignIns.Tokens tokens, String correlationId) {
        return ResponseEntity.status(HttpStatus.OK)
                .header(CommandHeaders.CORRELATION_ID, correlationId)
                .cacheControl(CacheControl.noStore())
                .body(new TokenResponse(tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken(),
                        tokens.refreshExpiresIn()));
    }

}
