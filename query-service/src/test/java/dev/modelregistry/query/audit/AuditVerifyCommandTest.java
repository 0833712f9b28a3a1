package dev.modelregistry.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The command line's own rules: usage errors and an unreachable database end with status 2 and a
 * message, never a stack trace. (Its verdicts, 0 and 1, are those of the verifier, tested against a
 * real PostgreSQL by the deploy module's AuditChainTest.)
 */
class AuditVerifyCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AuditVerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownOptionPrintsTheUsageAndExitsWithTwo() {
        assertThat(run("--bogus=1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: audit-verify");
        assertThat(out.size()).isZero();
    }

    @Test
    void aPageSizeThatIsNotAPositiveIntegerExitsWithTwo() {
        assertThat(run("--page-size=0")).isEqualTo(2);
        assertThat(run("--page-size=many")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--page-size must be a positive integer");
    }

    @Test
    void anUnreachableDatabaseExitsWithTwoAndSaysWhere() {
        assertThat(run("--url=jdbc:postgresql://127.0.0.1:1/registry?connectTimeout=2")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("audit-verify: cannot read the audit log at jdbc:postgresql://127.0.0.1:1/registry")
                .doesNotContain("Exception");
        assertThat(out.size()).isZero();
    }
}
