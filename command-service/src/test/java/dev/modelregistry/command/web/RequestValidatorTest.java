package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelregistry.command.model.LineageHash;
import dev.modelregistry.command.model.VersionDraft;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.command.web.CommandRequests.RegisterModelRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterVersionRequest;
import dev.modelregistry.command.web.CommandRequests.TransitionRequest;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    static final String SHA = "0123456789abcdef".repeat(4);
    private final CommandJson json = new CommandJson(1 << 20, 32);

    private <T> T parse(String body, Class<T> type) {
        return json.parse(body.getBytes(), type);
    }

    private List<FieldProblem> problems(Runnable validation) {
        RequestRejected rejected = catchThrowableOfType(RequestRejected.class, validation::run);
        assertThat(rejected).as("the request is refused").isNotNull();
        return rejected.errors();
    }

    private static String version(String extra) {
        return "{\"artifact\":{\"uri\":\"s3://models/fraud/7\",\"sha256\":\"" + SHA + "\"}" + extra + "}";
    }

    @Test
    void a_valid_model_registration() {
        var valid = RequestValidator.registerModel(parse(
                "{\"name\":\"fraud.scorer\",\"description\":\"line 1\\nline 2\",\"owner_team\":\"risk\","
                        + "\"tags\":{\"team\":\"fraud\",\"tier\":1,\"pii\":false},\"reason\":\"new model\"}",
                RegisterModelRequest.class));
        assertThat(valid.value().model()).isEqualTo("fraud.scorer");
        assertThat(valid.value().tags()).containsEntry("tier", "1").containsEntry("pii", "false");
        assertThat(valid.reason()).isEqualTo("new model");
    }

    @Test
    void model_names_are_lower_case_ascii_with_at_most_one_dot() {
        for (String name : List.of("Fraud", "fraud scorer", "a.b.c", "../etc", "a/b", "-x", ".x", "x.", "",
                "frаud" /* Cyrillic а */, "ｆｒａｕｄ", "fraud\u0000", "a".repeat(129))) {
            assertThat(problems(() -> RequestValidator.registerModel(
                    new RegisterModelRequest(name, null, null, null, null))))
                    .as(name).extracting(FieldProblem::field).containsExactly("name");
        }
        for (String name : List.of("fraud", "fraud.scorer", "a", "0-model_x", "a".repeat(128) + "." + "b".repeat(128))) {
            assertThat(RequestValidator.registerModel(new RegisterModelRequest(name, null, null, null, null))
                    .value().model()).isEqualTo(name);
        }
    }

    @Test
    void every_problem_is_reported_at_once() {
        List<FieldProblem> problems = problems(() -> RequestValidator.registerModel(parse(
                "{\"name\":\"Bad Name\",\"description\":\"" + "x".repeat(5001) + "\","
                        + "\"tags\":{\"bad\\u0001key\":\"v\",\"ok\":\"bell\\u0007\",\"nested\":{\"a\":1}},"
                        + "\"reason\":\"two\\nlines\"}", RegisterModelRequest.class)));
        assertThat(problems).extracting(FieldProblem::field, FieldProblem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("name", "invalid_name"),
                org.assertj.core.groups.Tuple.tuple("description", "too_long"),
                org.assertj.core.groups.Tuple.tuple("tags", "invalid_key"),
                org.assertj.core.groups.Tuple.tuple("tags.ok", "control_characters"),
                org.assertj.core.groups.Tuple.tuple("tags.nested", "invalid_value"),
                org.assertj.core.groups.Tuple.tuple("reason", "control_characters"));
    }

    @Test
    void a_valid_version_with_lineage() {
        var valid = RequestValidator.registerVersion("fraud.scorer", parse(version(
                ",\"framework\":\"xgboost\",\"framework_version\":\"2.1\",\"params\":{\"depth\":6,\"lr\":\"0.1\"},"
                        + "\"metrics\":{\"auc\":0.93,\"loss\":1e-3},\"lineage\":{\"code_commit\":\"abc\","
                        + "\"feature_graph_hash\":\"fg\",\"data_window\":[\"2026-01-01T00:00:00Z\","
                        + "\"2026-01-31T23:59:59+01:00\"],\"datasets\":[{\"name\":\"tx\",\"sha256\":\"" + SHA + "\"}],"
                        + "\"run_id\":\"r1\",\"parents\":[\"fraud.base@2\"]}"),
                RegisterVersionRequest.class));
        VersionDraft draft = valid.value();
        assertThat(draft.params()).containsEntry("depth", "6").containsEntry("lr", "0.1");
        assertThat(draft.metrics()).containsEntry("auc", 0.93).containsEntry("loss", 0.001);
        assertThat(draft.lineage().dataWindow().to()).isEqualTo(Instant.parse("2026-01-31T22:59:59Z"));
        assertThat(draft.lineage().parents()).containsExactly(new VersionReference("fraud.base", 2));
    }

    @Test
    void a_version_needs_files_or_an_artifact_digest() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse("{}", RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactly(Tuple.tuple("files", "required"));
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(
                "{\"artifact\":{\"uri\":\"s3://b/k\"}}", RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("artifact.sha256", "required"));
    }

    @Test
    void a_runs_uri_alone_takes_the_run_artifacts_under_its_path_and_names_the_run() {
        String run = "0123456789abcdef".repeat(2);
        VersionDraft underModel = RequestValidator.registerVersion("m", parse(
                "{\"artifact\":{\"uri\":\"runs:/" + run + "/model/\"}}", RegisterVersionRequest.class)).value();
        assertThat(underModel.files()).isEmpty();
        assertThat(underModel.run()).isEqualTo(new VersionDraft.RunLink(null, run, "model"));
        assertThat(underModel.sourceRunId()).isEqualTo(run);
        assertThat(RequestValidator.registerVersion("m", parse("{\"artifact\":{\"uri\":\"runs:/" + run + "\"}}",
                RegisterVersionRequest.class)).value().run()).isEqualTo(new VersionDraft.RunLink(null, run, ""));
        // with a digest (or files) the URI names the run and the source, and the files are the request's
        VersionDraft oneFile = RequestValidator.registerVersion("m", parse("{\"run_id\":\"" + run + "\","
                + "\"artifact\":{\"uri\":\"runs:/" + run + "/model\",\"sha256\":\"" + SHA + "\"}}",
                RegisterVersionRequest.class)).value();
        assertThat(oneFile.files()).extracting(DeclaredFile::path).containsExactly("model");
        assertThat(oneFile.run()).isEqualTo(new VersionDraft.RunLink(run, run, null));
        // a top-level run_id alone still needs the files
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse("{\"run_id\":\"" + run + "\"}",
                RegisterVersionRequest.class)))).extracting(FieldProblem::field).containsExactly("files");
    }

    @Test
    void a_run_id_is_32_lower_case_hex_and_a_runs_uri_names_one_with_a_relative_path() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(",\"run_id\":\"run-1\""),
                RegisterVersionRequest.class)))).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("run_id", "invalid_id"));
        String run = "ab".repeat(16);
        for (String uri : List.of("runs:/", "runs:/" + run.toUpperCase(), "runs:" + run, "RUNS:/" + run,
                "runs:/" + run + "/a//b", "runs:/" + run + "//a", "runs:/" + run + "/../x")) {
            assertThat(problems(() -> RequestValidator.registerVersion("m", parse(
                    "{\"artifact\":{\"uri\":\"" + uri + "\"}}", RegisterVersionRequest.class))))
                    .as(uri).extracting(FieldProblem::field, FieldProblem::code)
                    .contains(Tuple.tuple("artifact.uri", "invalid_uri"));
        }
    }

    @Test
    void an_artifact_digest_alone_is_one_file_at_path_model_with_an_optional_source_uri() {
        VersionDraft withUri = RequestValidator.registerVersion("m", parse(version(""), RegisterVersionRequest.class))
                .value();
        assertThat(withUri.sourceUri()).isEqualTo("s3://models/fraud/7");
        assertThat(withUri.files()).containsExactly(new DeclaredFile("model", SHA, null, "artifact"));

        VersionDraft withoutUri = RequestValidator.registerVersion("m", parse(
                "{\"artifact\":{\"sha256\":\"" + SHA + "\"}}", RegisterVersionRequest.class)).value();
        assertThat(withoutUri.sourceUri()).isNull();
        assertThat(withoutUri.files()).containsExactly(new DeclaredFile("model", SHA, null, "artifact"));
    }

    @Test
    void the_artifact_digest_and_source_uri_are_checked() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(
                "{\"artifact\":{\"uri\":\"\",\"sha256\":\"" + SHA.toUpperCase() + "\"}}",
                RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                        Tuple.tuple("artifact.uri", "required"),
                        Tuple.tuple("artifact.sha256", "invalid_sha256"));
        for (String uri : List.of("relative/path", "file:///store/../etc/passwd", "s3://b/a b", "s3://b\\k",
                "s3://b/k\n")) {
            assertThat(problems(() -> RequestValidator.registerVersion("m", parse(
                    "{\"artifact\":{\"uri\":" + quote(uri) + ",\"sha256\":\"" + SHA + "\"}}",
                    RegisterVersionRequest.class))))
                    .as(uri).extracting(FieldProblem::code).containsExactly("invalid_uri");
        }
    }

    @Test
    void files_are_the_manifest_in_request_order_with_the_artifact_uri_as_source() {
        String other = "f".repeat(64);
        VersionDraft draft = RequestValidator.registerVersion("m", parse("{\"artifact\":{\"uri\":\"s3://b/run-7/\"},"
                + "\"files\":[{\"path\":\"model.pkl\",\"sha256\":\"" + SHA + "\",\"size\":1024},"
                + "{\"path\":\"code/train.py\",\"sha256\":\"" + other + "\"},"
                + "{\"path\":\"%2e%2e/x\",\"sha256\":\"" + other + "\",\"size\":0}]}",
                RegisterVersionRequest.class)).value();
        assertThat(draft.sourceUri()).isEqualTo("s3://b/run-7/");
        assertThat(draft.files()).containsExactly(
                new DeclaredFile("model.pkl", SHA, 1024L, "files[0]"),
                new DeclaredFile("code/train.py", other, null, "files[1]"),
                // never URL-decoded: a directory literally named %2e%2e
                new DeclaredFile("%2e%2e/x", other, 0L, "files[2]"));
    }

    @Test
    void with_files_the_artifact_digest_is_refused_because_the_registry_computes_the_manifest_digest() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse("{\"artifact\":{\"sha256\":\"" + SHA
                + "\"},\"files\":[" + file("model.pkl", SHA) + "]}", RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("artifact.sha256", "conflicting_field"));
    }

    @Test
    void a_manifest_has_1_to_1000_files() {
        assertThat(fileProblems("[]")).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files", "required"));
        String thousand = IntStream.range(0, 1000).mapToObj(i -> file("f" + i, SHA))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(RequestValidator.registerVersion("m", parse("{\"files\":" + thousand + "}",
                RegisterVersionRequest.class)).value().files()).hasSize(1000);
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> file("f" + i, SHA))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(fileProblems(tooMany)).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files", "too_many"));
    }

    @Test
    void file_paths_are_relative_safe_and_canonical() {
        for (String path : List.of("../x", "a/../../x", "./x", "/etc/passwd", "C:/x", "a\\b", "a\u0000b", "a\nb",
                "a//b", "a/", "x".repeat(256), "a/".repeat(600) + "b", "e\u0301.bin" /* not NFC */,
                "a\u202eb" /* bidi override */, "CON", "x.")) {
            assertThat(fileProblems("[" + file(path, SHA) + "]")).as(path)
                    .extracting(FieldProblem::field, FieldProblem::code)
                    .containsExactly(Tuple.tuple("files[0].path", "invalid_path"));
        }
        assertThat(fileProblems("[" + file("ok.bin", SHA) + "," + file("../x", SHA) + "]"))
                .extracting(FieldProblem::field).containsExactly("files[1].path");
        assertThat(fileProblems("[{\"sha256\":\"" + SHA + "\"}]")).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files[0].path", "required"));
    }

    @Test
    void the_reason_a_path_is_refused_is_in_the_detail_without_echoing_the_path() {
        FieldProblem problem = fileProblems("[" + file("../\u0007secret", SHA) + "]").getFirst();
        assertThat(problem.detail()).contains("control_character").doesNotContain("secret").doesNotContain("\u0007");
    }

    @Test
    void a_path_appears_once_and_is_never_both_a_file_and_a_directory() {
        assertThat(fileProblems("[" + file("model.pkl", SHA) + "," + file("conda.yaml", SHA) + ","
                + file("model.pkl", SHA) + "]"))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files[2].path", "duplicate_path"));
        assertThat(fileProblems("[" + file("model", SHA) + "," + file("model/weights.bin", SHA) + "]"))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files[1].path", "path_conflict"));
        assertThat(fileProblems("[" + file("model/weights.bin", SHA) + "," + file("model", SHA) + "]"))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(Tuple.tuple("files[1].path", "path_conflict"));
        // a prefix of a name is not a directory: models2/x is not inside models
        assertThat(RequestValidator.registerVersion("m", parse("{\"files\":[" + file("models", SHA) + ","
                + file("models2/x", SHA) + "," + file("Models/x", SHA) + "]}", RegisterVersionRequest.class))
                .value().files()).hasSize(3);
    }

    @Test
    void file_digests_and_sizes_are_checked() {
        assertThat(fileProblems("[{\"path\":\"a\",\"sha256\":\"" + SHA.toUpperCase() + "\"},{\"path\":\"b\"},"
                + "{\"path\":\"c\",\"sha256\":\"" + SHA + "\",\"size\":-1},null]"))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                        Tuple.tuple("files[0].sha256", "invalid_sha256"),
                        Tuple.tuple("files[1].sha256", "required"),
                        Tuple.tuple("files[2].size", "invalid_value"),
                        Tuple.tuple("files[3]", "required"));
    }

    @Test
    void metrics_are_finite_numbers() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"metrics\":{\"auc\":\"0.9\",\"f1\":true,\"huge\":1e400,\"none\":null}"), RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("metrics.auc", "not_a_number"),
                        org.assertj.core.groups.Tuple.tuple("metrics.f1", "not_a_number"),
                        org.assertj.core.groups.Tuple.tuple("metrics.huge", "not_finite"),
                        org.assertj.core.groups.Tuple.tuple("metrics.none", "not_a_number"));
    }

    @Test
    void data_window_is_two_rfc3339_times_in_order() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"lineage\":{\"data_window\":[\"2026-02-01T00:00:00Z\",\"2026-01-01T00:00:00Z\"]}"),
                RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lineage.data_window", "invalid_data_window"));
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"lineage\":{\"data_window\":[\"2026-01-01\",\"yesterday\"]}"), RegisterVersionRequest.class))))
                .extracting(FieldProblem::field).containsExactly("lineage.data_window[0]", "lineage.data_window[1]");
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"lineage\":{\"data_window\":[\"2026-01-01T00:00:00Z\"]}"), RegisterVersionRequest.class))))
                .extracting(FieldProblem::code).containsExactly("invalid_data_window");
    }

    @Test
    void parents_and_datasets_are_checked() {
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"lineage\":{\"parents\":[\"m\",\"m@0\",\"M@1\",\"m@1@2\"],"
                        + "\"datasets\":[{\"name\":\"tx\",\"sha256\":\"short\"},{\"sha256\":\"" + SHA + "\"}]}"),
                RegisterVersionRequest.class))))
                .extracting(FieldProblem::field).containsExactlyInAnyOrder(
                        "lineage.parents[0]", "lineage.parents[1]", "lineage.parents[2]", "lineage.parents[3]",
                        "lineage.datasets[0].sha256", "lineage.datasets[1].name");
    }

    @Test
    void stages_are_parsed_case_insensitively() {
        var valid = RequestValidator.transition("m", "3",
                new TransitionRequest("production", true, null), true);
        assertThat(valid.value().stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(valid.value().archiveExisting()).isTrue();
        assertThat(valid.value().version()).isEqualTo(3);
        assertThat(problems(() -> RequestValidator.transition("m", "3", new TransitionRequest("Prod", null, null), true)))
                .extracting(FieldProblem::code).containsExactly("invalid_stage");
        assertThat(problems(() -> RequestValidator.transition("m", "3", new TransitionRequest(null, null, null), true)))
                .extracting(FieldProblem::code).containsExactly("required");
    }

    @Test
    void versions_in_paths_are_positive_whole_numbers() {
        for (String version : List.of("0", "-1", "1.0", "abc", "01", "99999999999", "")) {
            assertThat(problems(() -> RequestValidator.deleteVersion("m", version, null)))
                    .as(version).extracting(FieldProblem::field, FieldProblem::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("version", "invalid_version"));
        }
    }

    @Test
    void aliases_follow_the_alias_rules() {
        assertThat(problems(() -> RequestValidator.assignAlias("m", "latest",
                new CommandRequests.AssignAliasRequest(1, null))))
                .extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alias", "alias_invalid"));
        assertThat(problems(() -> RequestValidator.assignAlias("m", "champion",
                new CommandRequests.AssignAliasRequest(null, null))))
                .extracting(FieldProblem::field).containsExactly("version");
        assertThat(RequestValidator.assignAlias("m", "champion", new CommandRequests.AssignAliasRequest(2, "x"))
                .value().version()).isEqualTo(2);
    }

    @Test
    void tags_and_params_keys_and_values() {
        assertThat(RequestValidator.registerModel(new RegisterModelRequest("m", null, null, Map.of(), null))
                .value().tags()).isEmpty();
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"params\":{\"" + "k".repeat(251) + "\":\"v\",\"ok\":\"" + "v".repeat(5001) + "\"}"),
                RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("params", "invalid_key"),
                        org.assertj.core.groups.Tuple.tuple("params.ok", "too_long"));
    }

    @Test
    void dotted_keys_are_accepted_and_keys_of_only_spaces_refused() {
        assertThat(RequestValidator.registerVersion("m", parse(version(
                ",\"params\":{\"optimizer.lr\":\"0.1\"},\"tags\":{\"mlflow.user\":\"alice\"}"),
                RegisterVersionRequest.class)).value().params()).containsEntry("optimizer.lr", "0.1");
        assertThat(problems(() -> RequestValidator.registerVersion("m", parse(version(
                ",\"params\":{\" \":\"v\"},\"tags\":{\"  \":\"v\"}"), RegisterVersionRequest.class))))
                .extracting(FieldProblem::field, FieldProblem::code).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("params", "invalid_key"),
                        org.assertj.core.groups.Tuple.tuple("tags", "invalid_key"));
    }

    private List<FieldProblem> fileProblems(String files) {
        return problems(() -> RequestValidator.registerVersion("m", parse("{\"files\":" + files + "}",
                RegisterVersionRequest.class)));
    }

    private static String file(String path, String sha256) {
        return "{\"path\":" + quote(path) + ",\"sha256\":\"" + sha256 + "\"}";
    }

    /** A JSON string literal; control characters are escaped so that they reach the validator. */
    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '\\' || c == '"') {
                json.append('\\').append((char) c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.append((char) c);
            }
        });
        return json.append('"').toString();
    }
}
