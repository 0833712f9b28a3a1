package dev.modelregistry.command.web;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.command.artifact.ArtifactError;
import dev.modelregistry.command.governance.GovernanceError;
import dev.modelregistry.command.model.CommandOutcomes.PromotionBlocked;
import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.model.RegistryError.AliasInvalid;
import dev.modelregistry.command.model.RegistryError.AliasNotFound;
import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable;
import dev.modelregistry.command.model.RegistryError.ConcurrentModification;
import dev.modelregistry.command.model.RegistryError.IllegalStageTransition;
import dev.modelregistry.command.model.RegistryError.LineageInvalid;
import dev.modelregistry.command.model.RegistryError.ModelAlreadyExists;
import dev.modelregistry.command.model.RegistryError.ModelDeleted;
import dev.modelregistry.command.model.RegistryError.ModelNotFound;
import dev.modelregistry.command.model.RegistryError.ProductionChangeNotPermitted;
import dev.modelregistry.command.model.RegistryError.ProductionVersionExists;
import dev.modelregistry.command.model.RegistryError.StageUnchanged;
import dev.modelregistry.command.model.RegistryError.VersionDeleted;
import dev.modelregistry.command.model.RegistryError.VersionInProduction;
import dev.modelregistry.command.model.RegistryError.VersionNotFound;
import dev.modelregistry.command.tracking.TrackingError;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where command-side failures become HTTP answers: RFC 9457
 * {@code application/problem+json} with a stable {@code type} ({@link ProblemTypes}), {@code code},
 * {@code field} (when one is at fault) and {@code errors} (every field problem), plus the request's
 * {@code X-Correlation-Id}. Scoped to this module's controllers and ordered before any global
 * handler of the host application. No class names or raw exception texts are ever answered; an
 * unexpected failure is logged with its correlation id and answered as {@code internal_error}.
 */
@RestControllerAdvice(basePackageClasses = ModelCommandController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class CommandProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    /** The realm of {@code WWW-Authenticate}, as the access module answers it. */
    static final String REALM = "model-registry";

    /** HTTP status of each domain refusal (exhaustive: a new error does not compile until it has one). */
    static HttpStatus statusOf(RegistryError error) {
        return switch (error) {
            case ModelNotFound e -> HttpStatus.NOT_FOUND;
            case VersionNotFound e -> HttpStatus.NOT_FOUND;
            case AliasNotFound e -> HttpStatus.NOT_FOUND;
            case AliasInvalid e -> HttpStatus.BAD_REQUEST;
            case LineageInvalid e -> HttpStatus.BAD_REQUEST;
            case RegistryError.LineageCycle e -> HttpStatus.CONFLICT;
            case ModelAlreadyExists e -> HttpStatus.CONFLICT;
            case ModelDeleted e -> HttpStatus.CONFLICT;
            case VersionDeleted e -> HttpStatus.CONFLICT;
            case IllegalStageTransition e -> HttpStatus.CONFLICT;
            case StageUnchanged e -> HttpStatus.CONFLICT;
            case ProductionVersionExists e -> HttpStatus.CONFLICT;
            case VersionInProduction e -> HttpStatus.CONFLICT;
            case ConcurrentModification e -> HttpStatus.CONFLICT;
            case ArtifactsUnavailable e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ProductionChangeNotPermitted e -> HttpStatus.FORBIDDEN;
            case RegistryError.PromotionRequestNotFound e -> HttpStatus.NOT_FOUND;
            case RegistryError.PromotionRequestClosed e -> HttpStatus.CONFLICT;
            case RegistryError.CanaryRunning e -> HttpStatus.CONFLICT;
            case RegistryError.CanaryNotRunning e -> HttpStatus.CONFLICT;
            case RegistryError.CanaryNeedsIncumbent e -> HttpStatus.CONFLICT;
            case RegistryError.NoPreviousProduction e -> HttpStatus.CONFLICT;
            case RegistryError.EvaluationReportExists e -> HttpStatus.CONFLICT;
            case RegistryError.SelfApproval e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.ApproverNotListed e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.ArtifactMismatch e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.RunMismatch e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.RunArtifactsNotFound e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.UnknownParent e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case RegistryError.ParentDeleted e -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    @ExceptionHandler(RegistryError.class)
    ResponseEntity<Object> registryError(RegistryError error, HttpServletRequest request) {
        HttpStatus status = statusOf(error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.getMessage());
        decorate(problem, error.code(), error.field(), null, request);
        HttpHeaders headers = new HttpHeaders();
        if (error instanceof ProductionVersionExists exists) {
            problem.setProperty("production_version", exists.incumbent());
        }
        if (error instanceof ProductionChangeNotPermitted forbidden) {
            // the shape of every 403 of the registry (the access module's): permission and namespace
            problem.setProperty("permission", "deploy");
            problem.setProperty("namespace", Namespaces.namespaceOf(forbidden.model()));
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"");
        }
        if (error instanceof ArtifactsUnavailable unavailable) {
            problem.setProperty("errors", unavailable.problems().stream().map(p -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("field", p.field());
                entry.put("code", p.reason().code());
                entry.put("detail", p.detail());
                return entry;
            }).toList());
        }
        return answer(status, problem, headers, request);
    }

    /** HTTP status of each artifact refusal (exhaustive, like {@link #statusOf(RegistryError)}). */
    static HttpStatus statusOf(ArtifactError error) {
        return switch (error) {
            case ArtifactError.ArtifactNotFound e -> HttpStatus.NOT_FOUND;
            case ArtifactError.UploadNotFound e -> HttpStatus.NOT_FOUND;
            case ArtifactError.ArtifactDeleted e -> HttpStatus.CONFLICT;
            case ArtifactError.UploadNotOpen e -> HttpStatus.CONFLICT;
            case ArtifactError.ArtifactNotHeld e -> HttpStatus.CONFLICT;
            case ArtifactError.DigestMismatch e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ArtifactError.SizeMismatch e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ArtifactError.InvalidParts e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ArtifactError.ArtifactTooLarge e -> HttpStatus.CONTENT_TOO_LARGE;
            case ArtifactError.UploadInterrupted e -> HttpStatus.BAD_REQUEST;
            case ArtifactError.StoreUnavailable e -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    @ExceptionHandler(ArtifactError.class)
    ResponseEntity<Object> artifactError(ArtifactError error, HttpServletRequest request) {
        HttpStatus status = statusOf(error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.getMessage());
        decorate(problem, error.code(), error.field(), null, request);
        HttpHeaders headers = new HttpHeaders();
        switch (error) {
            case ArtifactError.DigestMismatch mismatch -> {
                problem.setProperty("declared_sha256", mismatch.declared());
                problem.setProperty("actual_sha256", mismatch.actual());
            }
            case ArtifactError.SizeMismatch mismatch -> problem.setProperty("declared_size", mismatch.declared());
            case ArtifactError.ArtifactTooLarge tooLarge -> problem.setProperty("limit", tooLarge.limit());
            case ArtifactError.ArtifactNotHeld notHeld -> problem.setProperty("sha256s", notHeld.sha256s());
            case ArtifactError.StoreUnavailable unavailable -> headers.set(HttpHeaders.RETRY_AFTER, "1");
            default -> {
            }
        }
        return answer(status, problem, headers, request);
    }

    /** HTTP status of each access refusal (exhaustive, like {@link #statusOf(RegistryError)}). */
    static HttpStatus statusOf(AccessError error) {
        return switch (error) {
            case AccessError.UserNotFound e -> HttpStatus.NOT_FOUND;
            case AccessError.NamespaceNotFound e -> HttpStatus.NOT_FOUND;
            case AccessError.ApiTokenNotFound e -> HttpStatus.NOT_FOUND;
            case AccessError.UserExists e -> HttpStatus.CONFLICT;
            case AccessError.NamespaceExists e -> HttpStatus.CONFLICT;
            case AccessError.UserDisabled e -> HttpStatus.CONFLICT;
            case AccessError.LocalUserRequired e -> HttpStatus.CONFLICT;
            case AccessError.LastAdmin e -> HttpStatus.CONFLICT;
            case AccessError.WrongPassword e -> HttpStatus.BAD_REQUEST;
            case AccessError.InvalidCredentials e -> HttpStatus.UNAUTHORIZED;
            case AccessError.InvalidRefreshToken e -> HttpStatus.UNAUTHORIZED;
            case AccessError.RefreshTokenReused e -> HttpStatus.UNAUTHORIZED;
        };
    }

    @ExceptionHandler(AccessError.class)
    ResponseEntity<Object> accessError(AccessError error, HttpServletRequest request) {
        HttpStatus status = statusOf(error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.getMessage());
        decorate(problem, error.code(), error.field(), null, request);
        HttpHeaders headers = new HttpHeaders();
        if (status == HttpStatus.UNAUTHORIZED) {
            // RFC 9110: a 401 names its scheme; these are refused credentials, not a refused bearer token
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            headers.setCacheControl("no-store");
        }
        return answer(status, problem, headers, request);
    }

    /** HTTP status of each governance refusal (exhaustive, like {@link #statusOf(RegistryError)}). */
    static HttpStatus statusOf(GovernanceError error) {
        return switch (error) {
            case GovernanceError.EvaluatorNotFound e -> HttpStatus.NOT_FOUND;
            case GovernanceError.EvaluatorExists e -> HttpStatus.CONFLICT;
            case GovernanceError.InvalidPublicKey e -> HttpStatus.BAD_REQUEST;
            case GovernanceError.UnknownTeam e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.UnknownEvaluator e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.EvaluatorRevoked e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.SignatureInvalid e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.MalformedReport e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.ReportExpired e -> HttpStatus.UNPROCESSABLE_ENTITY;
            case GovernanceError.VersionMismatch e -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
    }

    @ExceptionHandler(GovernanceError.class)
    ResponseEntity<Object> governanceError(GovernanceError error, HttpServletRequest request) {
        HttpStatus status = statusOf(error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.getMessage());
        decorate(problem, error.code(), error.field(), null, request);
        return answer(status, problem, new HttpHeaders(), request);
    }

    /** HTTP status of each tracking refusal (exhaustive, like {@link #statusOf(RegistryError)}). */
    static HttpStatus statusOf(TrackingError error) {
        return switch (error) {
            case TrackingError.ExperimentNotFound e -> HttpStatus.NOT_FOUND;
            case TrackingError.RunNotFound e -> HttpStatus.NOT_FOUND;
            case TrackingError.ExperimentExists e -> HttpStatus.CONFLICT;
            case TrackingError.ExperimentDeleted e -> HttpStatus.CONFLICT;
            case TrackingError.RunNotActive e -> HttpStatus.CONFLICT;
            case TrackingError.RunActive e -> HttpStatus.CONFLICT;
            case TrackingError.ParamConflict e -> HttpStatus.CONFLICT;
            case TrackingError.EndBeforeStart e -> HttpStatus.BAD_REQUEST;
        };
    }

    @ExceptionHandler(TrackingError.class)
    ResponseEntity<Object> trackingError(TrackingError error, HttpServletRequest request) {
        HttpStatus status = statusOf(error);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, error.getMessage());
        decorate(problem, error.code(), error.field(), null, request);
        switch (error) {
            case TrackingError.ParamConflict conflict -> problem.setProperty("key", conflict.key());
            case TrackingError.RunNotActive inactive -> problem.setProperty("run_status", inactive.status());
            default -> {
            }
        }
        return answer(status, problem, new HttpHeaders(), request);
    }

    /**
     * The answer to a move to Production that failed its gates: 422 {@code promotion_refused} with every
     * failed check ({@code failed_checks: [{check, detail}]}), and, since the refusal was recorded as an
     * event, {@code X-Registry-Position}. Built by the controller from the command's outcome (the
     * refusal is an outcome, not an exception, so that its event commits).
     */
    static ResponseEntity<Object> promotionRefused(PromotionBlocked blocked, long position, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, "Version "
                + blocked.model() + "@" + blocked.version() + " cannot go to Production: " + blocked.failedChecks().size()
                + " check(s) failed (see failed_checks). The refusal was recorded.");
        decorate(problem, ProblemTypes.PROMOTION_REFUSED, null, null, request);
        problem.setProperty("model", blocked.model());
        problem.setProperty("version", blocked.version());
        if (blocked.requestId() != null) {
            problem.setProperty("request_id", blocked.requestId());
        }
        problem.setProperty("failed_checks", blocked.failedChecks().stream().map(check -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("check", check.check());
            entry.put("detail", check.detail());
            return entry;
        }).toList());
        HttpHeaders headers = new HttpHeaders();
        headers.set(CommandHeaders.POSITION, Long.toString(position));
        return answer(HttpStatus.UNPROCESSABLE_ENTITY, problem, headers, request);
    }

    /**
     * Authentication and authorization refusals thrown by a handler belong to the access module, which
     * answers them (401/403 problem+json); passed on so the catch-all below never makes them a 500.
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void accessRefusal(RuntimeException refusal) {
        throw refusal;
    }

    @ExceptionHandler(RequestRejected.class)
    ResponseEntity<Object> requestRejected(RequestRejected rejected, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(rejected.status(), rejected.getMessage());
        List<Map<String, Object>> errors = rejected.errors().stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (e.field() != null) {
                entry.put("field", e.field());
            }
            entry.put("code", e.code());
            entry.put("detail", e.detail());
            return entry;
        }).toList();
        decorate(problem, rejected.code(), rejected.field(), errors, request);
        rejected.properties().forEach(problem::setProperty);
        return answer(rejected.status(), problem, new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, HttpServletRequest request) {
        String correlationId = CorrelationIds.current(request);
        if (isStoreUnavailable(exception)) {
            log.warn("Event store unavailable [correlation id {}]: {}", correlationId, exception.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The event store is not available; nothing was changed. Retry shortly.");
            decorate(problem, ProblemTypes.STORE_UNAVAILABLE, null, null, request);
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            return answer(HttpStatus.SERVICE_UNAVAILABLE, problem, headers, request);
        }
        log.error("Unexpected failure [correlation id {}]", correlationId, exception);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed unexpectedly; it was logged under correlation id " + correlationId + ".");
        decorate(problem, ProblemTypes.INTERNAL_ERROR, null, null, request);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, problem, new HttpHeaders(), request);
    }

    /** Spring MVC's own exceptions (method not allowed, not acceptable, ...): same shape, stable codes. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(status);
        HttpServletRequest servletRequest = request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
        decorate(problem, codeFor(status), null, null, servletRequest);
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.addAll(headers);
        answerHeaders.set(CommandHeaders.CORRELATION_ID, CorrelationIds.current(servletRequest));
        return super.handleExceptionInternal(exception, problem, answerHeaders, status, request);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemTypes.BAD_REQUEST;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
            case 406 -> ProblemTypes.NOT_ACCEPTABLE;
            case 413 -> ProblemTypes.BODY_TOO_LARGE;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemTypes.STORE_UNAVAILABLE;
            default -> status.is5xxServerError() ? ProblemTypes.INTERNAL_ERROR : "http_" + status.value();
        };
    }

    private static void decorate(ProblemDetail problem, String code, String field, List<Map<String, Object>> errors,
                                 HttpServletRequest request) {
        problem.setType(ProblemTypes.of(code));
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        if (request != null) {
            try {
                problem.setInstance(URI.create(request.getRequestURI()));
            } catch (IllegalArgumentException e) {
                // a request URI that is not a valid URI reference: leave "instance" out
            }
        }
    }

    private static ResponseEntity<Object> answer(HttpStatusCode status, ProblemDetail problem, HttpHeaders headers,
                                                 HttpServletRequest request) {
        headers.set(CommandHeaders.CORRELATION_ID, CorrelationIds.current(request));
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private static boolean isStoreUnavailable(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof TransactionException
                    || cause instanceof JdbcException || cause instanceof EventStoreException
                    || cause instanceof SQLException || cause instanceof AxonTransientException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
