package dev.modelregistry.query.web;

import dev.modelregistry.query.QueryServiceConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one error handler of the query API: every failure of a query controller becomes an RFC 9457
 * {@code application/problem+json} answer with a stable {@code type} URI and {@code code}
 * ({@link ProblemType}) and, where one parameter is at fault, {@code field}. Scoped to this
 * module's controllers, so it neither sees nor changes the answers of the other modules when they
 * share one context. Exception messages and class names never reach the client.
 */
@RestControllerAdvice(basePackageClasses = QueryServiceConfiguration.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueryProblemHandler.class);

    @ExceptionHandler(QueryException.class)
    ResponseEntity<Object> handleQuery(QueryException e, HttpServletRequest request) {
        ProblemDetail problem = problem(e.type(), e.detail(), e.field(), request);
        e.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        if (e.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return ResponseEntity.status(e.type().status()).headers(headers).body(problem);
    }

    @ExceptionHandler({DataAccessException.class, org.jooq.exception.DataAccessException.class})
    ResponseEntity<Object> handleDatabase(RuntimeException e, HttpServletRequest request) {
        LOG.warn("read model query failed on {}", request.getRequestURI(), e);
        ProblemDetail problem = problem(ProblemType.READ_MODEL_UNAVAILABLE,
                "The read model database did not answer; try again shortly", null, request);
        return ResponseEntity.status(ProblemType.READ_MODEL_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
        LOG.error("query failed on {}", request.getRequestURI(), e);
        ProblemDetail problem = problem(ProblemType.INTERNAL_ERROR,
                "The query could not be answered because of an internal error", null, request);
        return ResponseEntity.status(ProblemType.INTERNAL_ERROR.status()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : describe(ex.getRequiredType());
        ProblemDetail problem = problem(ProblemType.INVALID_PARAMETER,
                (field == null ? "a parameter" : field) + " must be " + expected, field, request);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = problem(ProblemType.MISSING_PARAMETER,
                ex.getParameterName() + " is required", ex.getParameterName(), request);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** Gives every problem produced by the base class our type URI, title and code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getProperties() == null
                || !problem.getProperties().containsKey("code"))) {
            ProblemType type = ProblemType.forStatus(statusCode.value());
            problem.setType(type.uri());
            problem.setTitle(type.title());
            problem.setProperty("code", type.code());
            if (problem.getDetail() == null) {
                problem.setDetail(type.title());
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static ProblemDetail problem(ProblemType type, String detail, String field, WebRequest request) {
        HttpServletRequest servlet = request instanceof NativeWebRequest n
                ? n.getNativeRequest(HttpServletRequest.class) : null;
        return problem(type, detail, field, servlet);
    }

    private static ProblemDetail problem(ProblemType type, String detail, String field, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        if (request != null) {
            problem.setInstance(java.net.URI.create(safePath(request.getRequestURI())));
        }
        problem.setProperties(new java.util.LinkedHashMap<>(Map.of("code", type.code())));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static String safePath(String path) {
        try {
            return java.net.URI.create(path).getRawPath();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a valid value";
    }
}
