package dev.modelregistry.command.web;

import dev.modelregistry.command.access.AccessAdministration;
import dev.modelregistry.command.access.Change;
import dev.modelregistry.command.access.UserAccounts;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.web.AccessRequests.CreateNamespaceRequest;
import dev.modelregistry.command.web.AccessRequests.CreateUserRequest;
import dev.modelregistry.command.web.AccessResponses.GlobalGrantResponse;
import dev.modelregistry.command.web.AccessResponses.MemberResponse;
import dev.modelregistry.command.web.AccessResponses.NamespaceGrantResponse;
import dev.modelregistry.command.web.AccessResponses.NamespaceResponse;
import dev.modelregistry.command.web.AccessResponses.PasswordResetResponse;
import dev.modelregistry.command.web.AccessResponses.UserResponse;
import dev.modelregistry.command.web.AccessResponses.UserStatusResponse;
import dev.modelregistry.command.web.CommandRequests.ReasonRequest;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Access administration, v1 (docs/api.md, "Access administration"): users (global admin), namespaces
 * (global admin), team members and namespace role grants (admin of the namespace), global roles (global
 * admin); the rules are in {@link CommandRoutes}. Each change is an event; granting a held role, adding a
 * member twice and their opposites record nothing and answer the same (idempotent). Every body may carry
 * {@code reason}; the actor is the caller.
 */
@RestController
public class AccessAdminController {

    static final String ADMIN = "/api/v1/admin";
    static final String USERS = ADMIN + "/users";
    static final String NAMESPACES = ADMIN + "/namespaces";
    static final String GRANTS = ADMIN + "/grants";
    static final int MAX_DISPLAY_NAME = 250;

    private final UserAccounts users;
    private final AccessAdministration administration;
    private final CommandJson json;
    private final CurrentActor actor;

    AccessAdminController(UserAccounts users, AccessAdministration administration, CommandJson json,
                          CurrentActor actor) {
        this.users = users;
        this.administration = administration;
        this.json = json;
        this.actor = actor;
    }

    // ------------------------------------------------------------------------------------- users

    @PostMapping(USERS)
    ResponseEntity<UserResponse> createUser(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        CreateUserRequest body = json.read(request, CreateUserRequest.class, true);
        AccessValidator v = new AccessValidator();
        String username = v.username("username", body.username());
        String displayName = v.line("display_name", body.displayName(), MAX_DISPLAY_NAME, false);
        String password = v.password("password", body.password(), false);
        String reason = v.reason(body.reason());
        v.throwIfAny();
        UserAccounts.Created created = users.create(username, displayName, password, meta(correlationId, reason));
        return ResponseEntity.created(URI.create(USERS + "/" + username))
                .headers(CommandHeaders.of(created.position(), correlationId))
                .cacheControl(CacheControl.noStore())
                .body(new UserResponse(username, displayName, created.generatedPassword()));
    }

    @PostMapping(USERS + "/{username}:disable")
    ResponseEntity<UserStatusResponse> disableUser(@PathVariable("username") String username,
                                                   HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.username("username", username);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = users.disable(username, reason, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(new UserStatusResponse(username, true));
    }

    @PostMapping(USERS + "/{username}:enable")
    ResponseEntity<UserStatusResponse> enableUser(@PathVariable("username") String username,
                                                  HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.username("username", username);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = users.enable(username, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(new UserStatusResponse(username, false));
    }

    /** A new generated password, answered once; every session of the user ends. */
    @PostMapping(USERS + "/{username}:reset-password")
    ResponseEntity<PasswordResetResponse> resetPassword(@PathVariable("username") String username,
                                                        HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.username("username", username);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        UserAccounts.Reset reset = users.resetPassword(username, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(reset.position(), correlationId))
                .cacheControl(CacheControl.noStore())
                .body(new PasswordResetResponse(username, reset.password()));
    }

    // -------------------------------------------------------------------------------- namespaces

    @PostMapping(NAMESPACES)
    ResponseEntity<NamespaceResponse> createNamespace(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        CreateNamespaceRequest body = json.read(request, CreateNamespaceRequest.class, true);
        AccessValidator v = new AccessValidator();
        String namespace = v.namespace("namespace", body.namespace());
        String description = v.description("description", body.description());
        String reason = v.reason(body.reason());
        v.throwIfAny();
        Change change = administration.createNamespace(namespace, description, meta(correlationId, reason));
        return ResponseEntity.created(URI.create(NAMESPACES + "/" + namespace))
                .headers(CommandHeaders.of(change.position(), correlationId))
                .body(new NamespaceResponse(namespace, description));
    }

    @PutMapping(NAMESPACES + "/{namespace}/members/{username}")
    ResponseEntity<MemberResponse> addMember(@PathVariable("namespace") String namespace,
                                             @PathVariable("username") String username, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.namespace("namespace", namespace);
        v.principal("username", username);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.addMember(namespace, username, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(new MemberResponse(namespace, username));
    }

    @DeleteMapping(NAMESPACES + "/{namespace}/members/{username}")
    ResponseEntity<Void> removeMember(@PathVariable("namespace") String namespace,
                                      @PathVariable("username") String username, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.namespace("namespace", namespace);
        v.principal("username", username);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.removeMember(namespace, username, meta(correlationId, reason));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    @PutMapping(NAMESPACES + "/{namespace}/grants/{principal}/{role}")
    ResponseEntity<NamespaceGrantResponse> grantNamespaceRole(@PathVariable("namespace") String namespace,
                                                              @PathVariable("principal") String principal,
                                                              @PathVariable("role") String role,
                                                              HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.namespace("namespace", namespace);
        v.principal("principal", principal);
        NamespaceRole namespaceRole = v.namespaceRole("role", role);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.grant(namespace, principal, namespaceRole, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(new NamespaceGrantResponse(namespace, principal, namespaceRole.label()));
    }

    @DeleteMapping(NAMESPACES + "/{namespace}/grants/{principal}/{role}")
    ResponseEntity<Void> revokeNamespaceRole(@PathVariable("namespace") String namespace,
                                             @PathVariable("principal") String principal,
                                             @PathVariable("role") String role, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.namespace("namespace", namespace);
        v.principal("principal", principal);
        NamespaceRole namespaceRole = v.namespaceRole("role", role);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.revoke(namespace, principal, namespaceRole, meta(correlationId, reason));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    // ------------------------------------------------------------------------------ global roles

    @PutMapping(GRANTS + "/{principal}/{role}")
    ResponseEntity<GlobalGrantResponse> grantGlobalRole(@PathVariable("principal") String principal,
                                                        @PathVariable("role") String role,
                                                        HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.principal("principal", principal);
        GlobalRole globalRole = v.globalRole("role", role);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.grantGlobal(principal, globalRole, meta(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(new GlobalGrantResponse(principal, globalRole.label()));
    }

    /** Revoking admin from the last enabled admin: 409 {@code last_admin}. */
    @DeleteMapping(GRANTS + "/{principal}/{role}")
    ResponseEntity<Void> revokeGlobalRole(@PathVariable("principal") String principal,
                                          @PathVariable("role") String role, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        AccessValidator v = new AccessValidator();
        v.principal("principal", principal);
        GlobalRole globalRole = v.globalRole("role", role);
        String reason = v.reason(reason(request));
        v.throwIfAny();
        Change change = administration.revokeGlobal(principal, globalRole, meta(correlationId, reason));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    // ---------------------------------------------------------------------------------------------

    /** The optional body {@code {reason}} of the requests that have no other field. */
    private String reason(HttpServletRequest request) {
        ReasonRequest body = json.read(request, ReasonRequest.class, false);
        return body == null ? null : body.reason();
    }

    private EventMetaData meta(String correlationId, String reason) {
        return new EventMetaData(actor.actor(), correlationId, reason);
    }
}
