package dev.modelregistry.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Whether a Spring MVC handler would serve a request, asked of the same handler mappings the
 * DispatcherServlet uses (annotated controllers, router functions, actuator endpoints...). Only asked
 * for requests that match no access rule. A path served only for other methods (MVC would answer 405)
 * and the static-resource handler (which answers 404 for anything it does not hold) count as no handler.
 */
final class HandlerLookup {

    private final Supplier<List<HandlerMapping>> mappings;

    HandlerLookup(ApplicationContext context) {
        this.mappings = SingletonSupplier.of(() -> {
            List<HandlerMapping> found = new ArrayList<>(BeanFactoryUtils.beansOfTypeIncludingAncestors(
                    context, HandlerMapping.class, true, false).values());
            AnnotationAwareOrderComparator.sort(found);
            return List.copyOf(found);
        });
    }

    /** A description of the handler that would serve the request, if any. */
    Optional<String> handlerOf(HttpServletRequest request) {
        // mappings write attributes (path variables, best pattern...): keep them off the real request
        HttpServletRequest probe = new IsolatedAttributes(request);
        ServletRequestPathUtils.parseAndCache(probe);
        for (HandlerMapping mapping : mappings.get()) {
            try {
                HandlerExecutionChain chain = mapping.getHandler(probe);
                if (chain != null) {
                    Object handler = chain.getHandler();
                    if (handler instanceof ResourceHttpRequestHandler) {
                        return Optional.empty();
                    }
                    return Optional.of(handler instanceof HandlerMethod method ? method.getShortLogMessage()
                            : handler.getClass().getSimpleName());
                }
            } catch (HttpRequestMethodNotSupportedException e) {
                return Optional.empty();
            } catch (Exception e) {
                // the path and method matched an endpoint whose other conditions (media types,
                // parameters) did not: it is still an endpoint
                return Optional.of(mapping.getClass().getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }

    /** Reads fall through to the real request; writes stay here. */
    private static final class IsolatedAttributes extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        IsolatedAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            attributes.put(name, value);
            removed.remove(name);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }
    }
}
