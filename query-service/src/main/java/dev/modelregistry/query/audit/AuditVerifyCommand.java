package dev.modelregistry.query.audit;

import dev.modelregistry.query.support.ReadModelDatabase;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code audit:verify} from the command line, against the read-model database directly (no running
 * registry needed): the same {@link AuditVerifier} as the HTTP endpoint. Prints the same JSON answer;
 * exit status 0 when the chains hold, 1 when a link is broken, 2 on a usage or connection error.
 * See docs/operations.md ("Audit chain verification") for the command line.
 */
public final class AuditVerifyCommand {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:15432/registry";
    static final String DEFAULT_USERNAME = "postgres";

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("url", env("REGISTRY_AUDIT_DB_URL", DEFAULT_URL));
        options.put("username", env("REGISTRY_AUDIT_DB_USERNAME", DEFAULT_USERNAME));
        options.put("password", env("REGISTRY_AUDIT_DB_PASSWORD", ""));
        options.put("subject", null);
        options.put("page-size", "1000");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
            if (name == null || !options.containsKey(name)) {
                err.println("usage: audit-verify [--url=" + DEFAULT_URL + "] [--username=" + DEFAULT_USERNAME
                        + "] [--password=...] [--subject=<subject>] [--page-size=1000]");
                err.println("  (or REGISTRY_AUDIT_DB_URL, REGISTRY_AUDIT_DB_USERNAME, REGISTRY_AUDIT_DB_PASSWORD)");
                return 2;
            }
            options.put(name, arg.substring(eq + 1));
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(options.get("page-size"));
            if (pageSize < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            err.println("audit-verify: --page-size must be a positive integer");
            return 2;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(options.get("url"));
        dataSource.setUser(options.get("username"));
        if (!options.get("password").isEmpty()) {
            dataSource.setPassword(options.get("password"));
        }
        String subject = options.get("subject");
        AuditVerification result;
        try {
            AuditVerifier verifier = new AuditVerifier(new AuditChainQueries(new ReadModelDatabase(dataSource)), pageSize);
            result = verifier.verify(subject == null || subject.isEmpty() ? null : subject);
        } catch (RuntimeException e) {
            err.println("audit-verify: cannot read the audit log at " + options.get("url") + ": " + rootMessage(e));
            return 2;
        }
        out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(result));
        return result.verified() ? 0 : 1;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
