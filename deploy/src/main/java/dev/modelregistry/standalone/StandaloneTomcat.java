package dev.modelregistry.standalone;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The standalone registry's Tomcat. Requests that Tomcat refuses before any application code sees them
 * answer like every other error: RFC 9457 {@code application/problem+json} with a stable {@code code},
 * not Tomcat's HTML page.
 * <ul>
 * <li>An encoded slash or backslash ({@code %2F}, {@code %5C}) in a path segment is passed through
 *     to the application, so that a name such as {@code a%2Fb} reaches the validators and is refused
 *     with {@code invalid_name} and the field at fault (Tomcat's default refuses the whole request with
 *     HTML). Path variables arrive decoded ({@code a/b}); no route can be reached through them.</li>
 * <li>What Tomcat still refuses on its own (an encoded NUL, a broken escape)
 *     gets a problem answer from the host's error report valve: {@code bad_request} and the like.</li>
 * <li>A client that sends {@code Expect: 100-continue} (curl does for bodies over 1 MB) is invited to
 *     send its body only when the handler starts reading it ({@code continueResponseTiming=onRead}), so
 *     an upload refused on its announced size gets the 413 without sending gigabytes first. Tomcat's
 *     default invites every such client at once.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class StandaloneTomcat {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> standaloneTomcat() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                connector.setProperty("continueResponseTiming", "onRead");
            });
            // when the context starts, the host's pipeline is complete (Boot adds its own error report
            // valve from a customizer): replace the host's error report valves with ours
            factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    useProblemReports(context.getParent());
                }
            }));
        };
    }

    private static void useProblemReports(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (Arrays.stream(host.getPipeline().getValves()).noneMatch(ProblemReportValve.class::isInstance)) {
            host.getPipeline().addValve(new ProblemReportValve());
        }
    }

    /** Writes an error status without a body as problem details; never shows server information. */
    static final class ProblemReportValve extends ErrorReportValve {

        ProblemReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String code = switch (status) {
                case 400 -> "bad_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "body_too_large";
                default -> status >= 500 ? "internal_error" : "http_" + status;
            };
            String body = "{\"type\":\"https://modelregistry.dev/problems/" + code + "\",\"title\":\""
                    + (status >= 500 ? "Internal error" : "Request refused") + "\",\"status\":" + status
                    + ",\"detail\":\"The request was refused before it reached the registry"
                    + (status == 400 ? " (the URI is not valid: an encoded NUL or a broken escape)" : "")
                    + ".\",\"code\":\"" + code + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response was committed meanwhile: nothing more to say
            }
        }
    }
}
