package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelregistry.command.web.CommandRequests.AssignAliasRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterModelRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterVersionRequest;
import dev.modelregistry.command.web.CommandRequests.TransitionRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CommandJsonTest {

    private final CommandJson json = new CommandJson(1024, 32);

    private RequestRejected refused(String body, Class<?> type) {
        RequestRejected rejected = catchThrowableOfType(RequestRejected.class, () -> json.parse(body.getBytes(), type));
        assertThat(rejected).as("refused: %s", body).isNotNull();
        assertThat(rejected.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        return rejected;
    }

    @Test
    void snake_case_fields_bind() {
        RegisterModelRequest request = json.parse("{\"name\":\"m\",\"owner_team\":\"risk\"}".getBytes(),
                RegisterModelRequest.class);
        assertThat(request.ownerTeam()).isEqualTo("risk");
    }

    @Test
    void unknown_fields_are_refused_with_their_path() {
        RequestRejected rejected = refused("{\"name\":\"m\",\"actor\":\"admin\"}", RegisterModelRequest.class);
        assertThat(rejected.code()).isEqualTo("unknown_field");
        assertThat(rejected.field()).isEqualTo("actor");
        assertThat(refused("{\"artifact\":{\"uri\":\"s3://x\",\"md5\":\"x\"}}", RegisterVersionRequest.class).field())
                .isEqualTo("artifact.md5");
    }

    @Test
    void no_silent_coercion() {
        assertThat(refused("{\"name\":42}", RegisterModelRequest.class).code()).isEqualTo("invalid_type");
        assertThat(refused("{\"version\":\"2\"}", AssignAliasRequest.class).field()).isEqualTo("version");
        assertThat(refused("{\"version\":2.5}", AssignAliasRequest.class).code()).isEqualTo("invalid_type");
        assertThat(refused("{\"stage\":\"Staging\",\"archive_existing\":\"yes\"}", TransitionRequest.class).field())
                .isEqualTo("archive_existing");
        assertThat(refused("{\"lineage\":{\"data_window\":\"2026\"}}", RegisterVersionRequest.class).field())
                .isEqualTo("lineage.data_window");
        assertThat(refused("[1,2]", RegisterModelRequest.class).code()).isEqualTo("invalid_type");
    }

    @Test
    void malformed_documents_are_refused() {
        assertThat(refused("{\"name\":", RegisterModelRequest.class).code()).isEqualTo("malformed_json");
        assertThat(refused("{\"name\":\"a\",\"name\":\"b\"}", RegisterModelRequest.class).code())
                .isEqualTo("malformed_json");
        assertThat(refused("{\"name\":\"a\"} {}", RegisterModelRequest.class).code()).isEqualTo("malformed_json");
        assertThat(refused("null", RegisterModelRequest.class).code()).isEqualTo("malformed_json");
        assertThat(refused("{\"name\":NaN}", RegisterModelRequest.class).code()).isEqualTo("malformed_json");
    }

    @Test
    void deep_nesting_is_refused_before_binding() {
        String deep = "{\"tags\":{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}}";
        assertThat(refused(deep, RegisterModelRequest.class).code()).isEqualTo("json_too_deep");
    }
}
