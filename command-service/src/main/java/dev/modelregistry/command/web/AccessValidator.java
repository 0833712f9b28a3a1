package dev.modelregistry.command.web;

import static dev.modelregistry.command.web.ProblemTypes.CONTROL_CHARACTERS;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_EXPIRY;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_NAME;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_PASSWORD;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_ROLE;
import static dev.modelregistry.command.web.ProblemTypes.REQUIRED;
import static dev.modelregistry.command.web.ProblemTypes.TOO_LONG;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.AccessRules;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the fields and path variables of the authentication and access administration requests, and
 * refuses them with every problem found (field, code, message). Pure, like {@link RequestValidator}.
 *
 * <p>Rules: usernames, principal names and passwords per {@link AccessRules}; namespaces per
 * {@link Namespaces}; roles are the lower-case labels ({@code viewer ... admin}; globally
 * {@code auditor} and {@code admin}); display names and token names one line without control
 * characters (250 and {@value AccessRules#MAX_TOKEN_NAME} characters); descriptions as a model's;
 * {@code expires_in_days} 1 to the configured maximum. Sign-in fields are only required, never checked
 * against the rules: a wrong one is a wrong credential.
 */
final class AccessValidator {

    private final List<FieldProblem> problems = new ArrayList<>();

    AccessValidator() {
    }

    String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, REQUIRED, "Required.");
        }
        return value;
    }

    String username(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, REQUIRED, "A username is required.");
        } else {
            AccessRules.usernameProblem(value).ifPresent(problem -> add(field, INVALID_NAME, problem));
        }
        return value;
    }

    String principal(String field, String value) {
        AccessRules.principalProblem(value).ifPresent(problem -> add(field, INVALID_NAME, problem));
        return value;
    }

    String namespace(String field, String value) {
        Namespaces.problem(value).ifPresent(problem ->
                add(field, value == null || value.isEmpty() ? REQUIRED : INVALID_NAME, problem));
        return value;
    }

    NamespaceRole namespaceRole(String field, String value) {
        return NamespaceRole.fromLabel(value).orElseGet(() -> {
            add(field, INVALID_ROLE, "A namespace role is viewer, contributor, reviewer, deployer or admin.");
            return null;
        });
    }

    GlobalRole globalRole(String field, String value) {
        return GlobalRole.fromLabel(value).orElseGet(() -> {
            add(field, INVALID_ROLE, "A global role is auditor or admin.");
            return null;
        });
    }

    /** @param required false: null stays null (the registry generates one) */
    String password(String field, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (value == null || value.isEmpty()) {
            add(field, REQUIRED, "A password is required.");
        } else {
            AccessRules.passwordProblem(value).ifPresent(problem -> add(field, INVALID_PASSWORD, problem));
        }
        return value;
    }

    /** One line of text: display names, token names. */
    String line(String field, String value, int max, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                add(field, REQUIRED, "Required.");
            }
            return null;
        }
        if (value.length() > max) {
            add(field, TOO_LONG, "At most " + max + " characters.");
        } else if (RequestValidator.hasControlCharacters(value, false)) {
            add(field, CONTROL_CHARACTERS, "Control characters are not allowed.");
        }
        return value;
    }

    String description(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > RequestValidator.MAX_DESCRIPTION) {
            add(field, TOO_LONG, "At most " + RequestValidator.MAX_DESCRIPTION + " characters.");
        } else if (RequestValidator.hasControlCharacters(value, true)) {
            add(field, CONTROL_CHARACTERS, "Control characters other than line breaks and tabs are not allowed.");
        }
        return value;
    }

    String reason(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return line("reason", value, RequestValidator.MAX_REASON, false);
    }

    Integer expiresInDays(Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            add("expires_in_days", INVALID_EXPIRY, "A token lives 1 to " + max + " days.");
        }
        return value;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw RequestRejected.invalid(problems);
        }
    }

    private void add(String field, String code, String detail) {
        problems.add(new FieldProblem(field, code, detail));
    }
}
