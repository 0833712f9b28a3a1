package dev.modelregistry.access;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Endpoints that answer who called them; one has no access rule, one refuses in the handler. */
@RestController
class AccessTestController {

    private final Authorizer authorizer;

    AccessTestController(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @PostMapping("/api/v1/auth/login")
    Map<String, Object> login() {
        return Map.of("signed_in_as", CurrentPrincipal.find().map(RegistryPrincipal::name).orElse("nobody"));
    }

    @GetMapping("/api/v1/auth/me")
    Map<String, Object> me() {
        RegistryPrincipal principal = CurrentPrincipal.get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("principal", principal.name());
        answer.put("method", principal.method().name());
        answer.put("token_id", principal.tokenId());
        answer.put("session_id", principal.sessionId());
        return answer;
    }

    @GetMapping("/api/v1/models/{name}")
    Map<String, Object> model(@PathVariable String name) {
        return Map.of("name", name);
    }

    @PatchMapping("/api/v1/models/{name}")
    Map<String, Object> updateModel(@PathVariable String name) {
        return Map.of("name", name);
    }

    @PostMapping("/api/v1/models/{name}/versions/{version}:transition")
    Map<String, Object> transition(@PathVariable String name, @PathVariable String version) {
        return Map.of("name", name, "version", version);
    }

    @PostMapping("/api/v1/models")
    ResponseEntity<Map<String, Object>> createModel(@RequestBody Map<String, String> body) {
        authorizer.require(Permission.CONTRIBUTE, Namespaces.namespaceOf(body.get("name")));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", body.get("name")));
    }

    @PostMapping("/api/v1/artifacts")
    Map<String, Object> upload() {
        return Map.of("uploaded", true);
    }

    @GetMapping("/api/v1/audit")
    Map<String, Object> audit() {
        return Map.of("records", 0);
    }

    @PostMapping("/api/v1/admin/users")
    Map<String, Object> createUser() {
        return Map.of("created", true);
    }

    @PutMapping("/api/v1/admin/namespaces/{namespace}/grants/{principal}")
    Map<String, Object> grant(@PathVariable String namespace, @PathVariable String principal) {
        return Map.of("namespace", namespace, "principal", principal);
    }

    @GetMapping("/api/v1/other/{namespace}")
    Map<String, Object> other(@PathVariable String namespace) {
        return Map.of("namespace", namespace);
    }

    @GetMapping("/api/v1/handler-refuses")
    Map<String, Object> handlerRefuses() {
        authorizer.require(Permission.DEPLOY, "fraud");
        return Map.of();
    }

    /** Deliberately without a rule. */
    @GetMapping("/api/v1/without-rule")
    Map<String, Object> withoutRule() {
        return Map.of("leaked", true);
    }

    /** Like the services' problem handlers: everything unexpected becomes a 500. */
    @RestControllerAdvice(assignableTypes = AccessTestController.class)
    static class CatchAll {

        @ExceptionHandler(Exception.class)
        ResponseEntity<Map<String, Object>> unexpected(Exception e) {
            return ResponseEntity.internalServerError().body(Map.of("code", "internal_error"));
        }
    }
}
