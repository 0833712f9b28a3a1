package dev.modelregistry.query.lineage;

import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of the lineage DAG as written in paths and answers: {@code dataset:<sha256>}, {@code run:<run_id>}
 * or {@code version:<model>@<n>} (the projector writes the same form into {@code lineage_edge}).
 */
record NodeId(String type, String id, String model, int version) {

    static final String DATASET = "dataset";
    static final String RUN = "run";
    static final String VERSION = "version";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    // run ids are 32 hex characters; ids registered before tracking existed are free text, kept short
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");
    private static final Pattern VERSION_ID = Pattern.compile("([^@\\s\\p{Cntrl}]{1,200})@([1-9][0-9]{0,8})");

    /** @throws QueryException 400 {@code invalid_node} naming {@code field} */
    static NodeId parse(String text, String field) {
        return tryParse(text).orElseThrow(() -> new QueryException(ProblemType.INVALID_NODE, field,
                "a lineage node is dataset:<sha256>, run:<run_id> or version:<model>@<version>"));
    }

    static Optional<NodeId> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String rest = text.substring(colon + 1);
        return switch (text.substring(0, colon)) {
            case DATASET -> SHA256.matcher(rest).matches() ? Optional.of(new NodeId(DATASET, text, null, 0))
                    : Optional.empty();
            case RUN -> RUN_ID.matcher(rest).matches() ? Optional.of(new NodeId(RUN, text, null, 0)) : Optional.empty();
            case VERSION -> {
                Matcher m = VERSION_ID.matcher(rest);
                yield m.matches() ? Optional.of(new NodeId(VERSION, text, m.group(1), Integer.parseInt(m.group(2))))
                        : Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    String runId() {
        return id.substring(RUN.length() + 1);
    }

    String sha256() {
        return id.substring(DATASET.length() + 1);
    }
}
