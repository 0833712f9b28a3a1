package dev.modelregistry.query.consistency;

import dev.modelregistry.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies {@link ReadsFrom}: before the handler runs, parses {@code min_position} and
 * {@code X-Registry-Min-Position} (positive longs; when both are given the larger wins), waits
 * through the {@link ConsistencyGate}, and sets {@code X-Registry-Position}. Handlers without
 * {@link ReadsFrom} (the other modules' in a shared context) are left alone.
 */
class MinPositionInterceptor implements HandlerInterceptor {

    private final ConsistencyGate gate;
    /** The read models of each handler method, empty when it reads none: annotation lookups once per method. */
    private final Map<Method, Set<Projector>> readModels = new ConcurrentHashMap<>();

    MinPositionInterceptor(ConsistencyGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<Projector> projectors = readModels.computeIfAbsent(method.getMethod(), m -> readsFrom(method));
        if (projectors.isEmpty()) {
            return true;
        }
        long minPosition = Math.max(
                parse(request.getParameterValues(ConsistencyHeaders.MIN_POSITION_PARAMETER),
                        ConsistencyHeaders.MIN_POSITION_PARAMETER),
                parse(headerValues(request), ConsistencyHeaders.MIN_POSITION_HEADER));
        long reached = gate.await(projectors, minPosition);
        response.setHeader(ConsistencyHeaders.POSITION_HEADER, Long.toString(reached));
        return true;
    }

    private static Set<Projector> readsFrom(HandlerMethod method) {
        ReadsFrom readsFrom = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ReadsFrom.class);
        if (readsFrom == null) {
            readsFrom = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ReadsFrom.class);
        }
        if (readsFrom == null || readsFrom.value().length == 0) {
            return Set.of();
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(List.of(readsFrom.value())));
    }

    private static String[] headerValues(HttpServletRequest request) {
        var values = request.getHeaders(ConsistencyHeaders.MIN_POSITION_HEADER);
        return values == null ? null : Collections.list(values).toArray(String[]::new);
    }

    /** @return 0 when absent, else the positive position */
    static long parse(String[] values, String field) {
        if (values == null || values.length == 0) {
            return 0;
        }
        if (values.length > 1) {
            throw QueryException.badParameter(field, field + " must be given once");
        }
        String value = values[0].strip();
        long position;
        try {
            position = Long.parseLong(value);
        } catch (NumberFormatException e) {
            position = 0;
        }
        if (position <= 0) {
            throw QueryException.badParameter(field, field + " must be a positive integer (a position "
                    + "from X-Registry-Position of a command answer)");
        }
        return position;
    }
}
