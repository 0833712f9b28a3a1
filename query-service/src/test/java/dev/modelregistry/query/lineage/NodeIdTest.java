package dev.modelregistry.query.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import org.junit.jupiter.api.Test;

/** Lineage node ids: the three forms the projector writes parse; anything else is 400 {@code invalid_node}. */
class NodeIdTest {

    @Test
    void theThreeNodeFormsParse() {
        NodeId version = NodeId.parse("version:fraud.detector@3", "node");
        assertThat(version.type()).isEqualTo(NodeId.VERSION);
        assertThat(version.model()).isEqualTo("fraud.detector");
        assertThat(version.version()).isEqualTo(3);
        assertThat(NodeId.parse("run:" + "a".repeat(32), "node").runId()).isEqualTo("a".repeat(32));
        assertThat(NodeId.parse("dataset:" + "0".repeat(64), "node").sha256()).isEqualTo("0".repeat(64));
    }

    @Test
    void anythingElseIsAnInvalidNodeNamingTheField() {
        for (String bad : new String[] {"", "version", "version:x", "version:x@0", "version:x@-1", "version:@1",
                "dataset:abc", "dataset:" + "A".repeat(64), "run:", "run:a b", "model:x", "version:x@99999999999",
                "dataset:' or 1=1 --"}) {
            assertThatThrownBy(() -> NodeId.parse(bad, "node")).as(bad)
                    .isInstanceOfSatisfying(QueryException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.INVALID_NODE);
                        assertThat(e.field()).isEqualTo("node");
                    });
        }
    }
}
