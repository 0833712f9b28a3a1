package dev.modelregistry.command.web;

import static dev.modelregistry.command.web.ProblemTypes.CONFLICTING_FIELD;
import static dev.modelregistry.command.web.ProblemTypes.CONTROL_CHARACTERS;
import static dev.modelregistry.command.web.ProblemTypes.DUPLICATE_PATH;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_DATA_WINDOW;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_ID;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_KEY;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_NAME;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_PARENT;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_PATH;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_SHA256;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_STAGE;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_TIME;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_URI;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_VALUE;
import static dev.modelregistry.command.web.ProblemTypes.INVALID_VERSION;
import static dev.modelregistry.command.web.ProblemTypes.NOT_A_NUMBER;
import static dev.modelregistry.command.web.ProblemTypes.NOT_FINITE;
import static dev.modelregistry.command.web.ProblemTypes.PATH_CONFLICT;
import static dev.modelregistry.command.web.ProblemTypes.REQUIRED;
import static dev.modelregistry.command.web.ProblemTypes.TOO_LONG;
import static dev.modelregistry.command.web.ProblemTypes.TOO_MANY;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.artifact.ArtifactPath;
import dev.modelregistry.artifact.InvalidArtifactPathException;
import dev.modelregistry.command.model.AliasNames;
import dev.modelregistry.command.model.AssignAlias;
import dev.modelregistry.command.model.DeleteModel;
import dev.modelregistry.command.model.DeleteVersion;
import dev.modelregistry.command.model.ModelNames;
import dev.modelregistry.command.model.RegisterModel;
import dev.modelregistry.command.model.RemoveAlias;
import dev.modelregistry.command.model.RestoreVersion;
import dev.modelregistry.command.model.TransitionVersionStage;
import dev.modelregistry.command.model.UpdateModel;
import dev.modelregistry.command.model.VersionDraft;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.command.web.CommandRequests.ArtifactRequest;
import dev.modelregistry.command.web.CommandRequests.AssignAliasRequest;
import dev.modelregistry.command.web.CommandRequests.DatasetRequest;
import dev.modelregistry.command.web.CommandRequests.FileRequest;
import dev.modelregistry.command.web.CommandRequests.LineageRequest;
import dev.modelregistry.command.web.CommandRequests.ReasonRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterModelRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterVersionRequest;
import dev.modelregistry.command.web.CommandRequests.TransitionRequest;
import dev.modelregistry.command.web.CommandRequests.UpdateModelRequest;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns request bodies and path variables into commands, or refuses them with every problem found
 * (field path, code, message). Pure: no Spring, no I/O, so it is unit tested directly.
 *
 * <p>Rules: model names per {@link ModelNames} (lower-case ASCII, so look-alikes and separators never
 * pass), made canonical ({@code default.x} is {@code x}, the same model in the namespace default);
 * descriptions up to 5,000 characters (line breaks and tabs allowed, other control characters not); tag and param keys {@code [A-Za-z0-9_.\-/ ]{1,250}}, values JSON scalars up to 5,000 characters
 * without control characters; metrics finite JSON numbers; a version's files as {@code files} (1 to
 * 1,000 entries, paths per {@link ArtifactPath}, no path twice, no path both a file and a directory)
 * or as {@code artifact.sha256} alone (one file at path {@value #SINGLE_FILE_PATH}), never both, or as
 * a run's artifacts ({@code artifact.uri} {@code runs:/<run_id>[/<path>]} alone); the optional source URI
 * {@code artifact.uri} absolute, without white space or {@code ..} segment; {@code run_id} 32 lower-case hex;
 * SHA-256 digests exactly 64 lower-case hex digits; data window
 * two RFC 3339 times with from &lt;= to; stages None/Staging/Production/Archived in any case; parents
 * {@code model@version}; reasons up to 1,000 characters on one line.
 */
final class RequestValidator {

    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_VALUE = 5000;
    static final int MAX_REASON = 1000;
    static final int MAX_SHORT_TEXT = 250;
    static final int MAX_URI = 2048;
    static final int MAX_FILES = 1000;
    /** The path of the one file of a version registered with {@code artifact.sha256} alone (as upcast v1 events). */
    static final String SINGLE_FILE_PATH = "model";

    /**
     * Keys of params, metrics and tags (versions and runs): MLflow's characters, dots included (its own
     * tags are {@code mlflow.user}, ...), but not only spaces, which no search index takes as a field name.
     */
    private static final Pattern KEY = Pattern.compile("(?=.*[^ ])[A-Za-z0-9_.\\-/ ]{1,250}");
    /** What {@link #isKey} accepts, in words, for the problem's detail. */
    static final String KEY_RULE = "1-250 of A-Z a-z 0-9 _ . - / and space, not only spaces";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");
    /** MLflow's URI of a run's artifacts: {@code runs:/<run_id>/<path>}. */
    private static final String RUNS_SCHEME = "runs:/";

    /** A validated command (or, for a version, the draft of one) and the reason that goes with it. */
    record Validated<T>(T value, String reason) {
    }

    /** The source URI and the declared files of a new version, and the run a {@code runs:/} URI names. */
    private record Manifest(String sourceUri, List<DeclaredFile> files, RunUri runUri) {
    }

    /**
     * A {@code runs:/<run_id>[/<path>]} source URI: the run and, when the request gives no files, the path
     * whose artifacts become the version's files ({@code ""}: all of them; null when files are given).
     */
    private record RunUri(String runId, String filesPath) {
    }

    private final List<FieldProblem> problems = new ArrayList<>();

    private RequestValidator() {
    }

    // ------------------------------------------------------------------------------ per request

    static Validated<RegisterModel> registerModel(RegisterModelRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", body.name());
        String description = v.description("description", body.description());
        String ownerTeam = v.shortText("owner_team", body.ownerTeam(), false);
        Map<String, String> tags = v.stringMap("tags", body.tags());
        String reason = v.reason(body.reason());
        v.throwIfAny();
        return new Validated<>(new RegisterModel(name, description, ownerTeam, tags), reason);
    }

    static Validated<UpdateModel> updateModel(String pathName, UpdateModelRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        String description = v.description("description", body.description());
        Map<String, String> tags = body.tags() == null ? null : v.stringMap("tags", body.tags());
        String reason = v.reason(body.reason());
        v.throwIfAny();
        return new Validated<>(new UpdateModel(name, description, tags), reason);
    }

    static Validated<DeleteModel> deleteModel(String pathName, ReasonRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        String reason = v.reason(body == null ? null : body.reason());
        v.throwIfAny();
        return new Validated<>(new DeleteModel(name), reason);
    }

    static Validated<VersionDraft> registerVersion(String pathName, RegisterVersionRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        String runId = v.runId(body.runId());
        Manifest manifest = v.manifest(body.artifact(), body.files());
        String framework = v.shortText("framework", body.framework(), false);
        String frameworkVersion = v.shortText("framework_version", body.frameworkVersion(), false);
        Map<String, String> params = v.stringMap("params", body.params());
        Map<String, Double> metrics = v.metrics(body.metrics());
        String description = v.description("description", body.description());
        Map<String, String> tags = v.stringMap("tags", body.tags());
        Lineage lineage = v.lineage(body.lineage());
        String reason = v.reason(body.reason());
        v.throwIfAny();
        VersionDraft.RunLink run = runId == null && manifest.runUri() == null ? null
                : new VersionDraft.RunLink(runId, manifest.runUri() == null ? null : manifest.runUri().runId(),
                        manifest.runUri() == null ? null : manifest.runUri().filesPath());
        return new Validated<>(new VersionDraft(name, manifest.sourceUri(), manifest.files(), framework,
                frameworkVersion, params, metrics, description, tags, lineage, run), reason);
    }

    /** @param mayChangeProduction whether the caller may move versions into or out of Production (deploy) */
    static Validated<TransitionVersionStage> transition(String pathName, String pathVersion, TransitionRequest body,
                                                       boolean mayChangeProduction) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        int version = v.version("version", pathVersion);
        Stage stage = v.stage(body.stage());
        String reason = v.reason(body.reason());
        v.throwIfAny();
        return new Validated<>(new TransitionVersionStage(name, version, stage,
                Boolean.TRUE.equals(body.archiveExisting()), mayChangeProduction), reason);
    }

    static Validated<RestoreVersion> restore(String pathName, String pathVersion, ReasonRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        int version = v.version("version", pathVersion);
        String reason = v.reason(body == null ? null : body.reason());
        v.throwIfAny();
        return new Validated<>(new RestoreVersion(name, version), reason);
    }

    static Validated<DeleteVersion> deleteVersion(String pathName, String pathVersion, ReasonRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        int version = v.version("version", pathVersion);
        String reason = v.reason(body == null ? null : body.reason());
        v.throwIfAny();
        return new Validated<>(new DeleteVersion(name, version), reason);
    }

    static Validated<AssignAlias> assignAlias(String pathName, String pathAlias, AssignAliasRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        String alias = v.alias(pathAlias);
        int version = 0;
        if (body.version() == null) {
            v.add("version", REQUIRED, "The version the alias points at is required.");
        } else if (body.version() < 1) {
            v.add("version", INVALID_VERSION, "Versions are numbered from 1.");
        } else {
            version = body.version();
        }
        String reason = v.reason(body.reason());
        v.throwIfAny();
        return new Validated<>(new AssignAlias(name, alias, version), reason);
    }

    static Validated<RemoveAlias> removeAlias(String pathName, String pathAlias, ReasonRequest body) {
        RequestValidator v = new RequestValidator();
        String name = v.modelName("name", pathName);
        String alias = v.alias(pathAlias);
        String reason = v.reason(body == null ? null : body.reason());
        v.throwIfAny();
        return new Validated<>(new RemoveAlias(name, alias), reason);
    }

    // ------------------------------------------------------------------------------ per field

    /** The name in its canonical form: {@code default.x} is the model {@code x} (the namespace default). */
    private String modelName(String field, String value) {
        ModelNames.problem(value).ifPresent(problem ->
                add(field, value == null || value.isEmpty() ? REQUIRED : INVALID_NAME, problem));
        return Namespaces.canonicalModelName(value);
    }

    private String alias(String value) {
        AliasNames.problem(value).ifPresent(problem -> add("alias", ProblemTypes.ALIAS_INVALID, problem));
        return value;
    }

    private int version(String field, String value) {
        if (value == null || !VERSION.matcher(value).matches()) {
            add(field, INVALID_VERSION, "A version is a positive whole number.");
            return 0;
        }
        return Integer.parseInt(value);
    }

    private Stage stage(String value) {
        if (value == null) {
            add("stage", REQUIRED, "The target stage is required (None, Staging, Production or Archived).");
            return null;
        }
        return Stage.fromLabel(value).orElseGet(() -> {
            add("stage", INVALID_STAGE, "Unknown stage; use None, Staging, Production or Archived.");
            return null;
        });
    }

    private String description(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            add(field, TOO_LONG, "At most " + MAX_DESCRIPTION + " characters.");
        } else if (hasControlCharacters(value, true)) {
            add(field, CONTROL_CHARACTERS, "Control characters other than line breaks and tabs are not allowed.");
        }
        return value;
    }

    private String shortText(String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                add(field, REQUIRED, "Required.");
            }
            return value == null || value.isEmpty() ? null : value;
        }
        if (value.length() > MAX_SHORT_TEXT) {
            add(field, TOO_LONG, "At most " + MAX_SHORT_TEXT + " characters.");
        } else if (hasControlCharacters(value, false)) {
            add(field, CONTROL_CHARACTERS, "Control characters are not allowed.");
        }
        return value;
    }

    private String reason(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_REASON) {
            add("reason", TOO_LONG, "At most " + MAX_REASON + " characters.");
        } else if (hasControlCharacters(value, false)) {
            add("reason", CONTROL_CHARACTERS, "A reason is one line without control characters.");
        }
        return value;
    }

    /** Whether {@code key} is a valid key of params, metrics or tags ({@link #KEY_RULE}). */
    static boolean isKey(String key) {
        return KEY.matcher(key).matches();
    }

    private Map<String, String> stringMap(String field, Map<String, JsonNode> values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (values == null) {
            return result;
        }
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String key = entry.getKey();
            String path = field + "." + key;
            if (!isKey(key)) {
                add(field, INVALID_KEY, "Key '" + printable(key) + "' must be " + KEY_RULE + ".");
                continue;
            }
            JsonNode node = entry.getValue();
            String text;
            if (node == null || node.isNull()) {
                add(path, REQUIRED, "A value is required (remove the key instead of sending null).");
                continue;
            } else if (node.isString()) {
                text = node.stringValue();
            } else if (node.isNumber() || node.isBoolean()) {
                text = node.asString();
            } else {
                add(path, INVALID_VALUE, "A value is a string, number or boolean.");
                continue;
            }
            if (text.length() > MAX_VALUE) {
                add(path, TOO_LONG, "At most " + MAX_VALUE + " characters.");
            } else if (hasControlCharacters(text, false)) {
                add(path, CONTROL_CHARACTERS, "Control characters are not allowed.");
            } else {
                result.put(key, text);
            }
        }
        return result;
    }

    private Map<String, Double> metrics(Map<String, JsonNode> values) {
        Map<String, Double> result = new LinkedHashMap<>();
        if (values == null) {
            return result;
        }
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String key = entry.getKey();
            String path = "metrics." + key;
            if (!isKey(key)) {
                add("metrics", INVALID_KEY, "Key '" + printable(key) + "' must be " + KEY_RULE + ".");
                continue;
            }
            JsonNode node = entry.getValue();
            if (node == null || !node.isNumber()) {
                add(path, NOT_A_NUMBER, "A metric is a JSON number.");
                continue;
            }
            double value = node.doubleValue();
            if (!Double.isFinite(value)) {
                add(path, NOT_FINITE, "A metric must be a finite number.");
                continue;
            }
            result.put(key, value);
        }
        return result;
    }

    /**
     * The files of a new version: {@code files} when given (then {@code artifact} may carry only the
     * source {@code uri}), else the one file {@code artifact.sha256} at path {@value #SINGLE_FILE_PATH}.
     */
    private Manifest manifest(ArtifactRequest artifact, List<FileRequest> files) {
        String sourceUri = artifact == null ? null : sourceUri(artifact.uri());
        RunUri runUri = runUri(sourceUri);
        if (files == null) {
            if (artifact == null) {
                add("files", REQUIRED, "A version needs its files: 'files' (a manifest of path, sha256 and size), "
                        + "'artifact.sha256' (a single file) or 'artifact.uri' runs:/<run_id>/<path> (a run's "
                        + "artifacts).");
                return new Manifest(null, List.of(), null);
            }
            if (artifact.sha256() == null && runUri != null) {
                // the files are the run's artifacts under the URI's path, taken once the run is read
                return new Manifest(sourceUri, List.of(), runUri);
            }
            sha256("artifact.sha256", artifact.sha256(), true);
            return new Manifest(sourceUri,
                    List.of(new DeclaredFile(SINGLE_FILE_PATH, artifact.sha256(), null, "artifact")),
                    runUri == null ? null : new RunUri(runUri.runId(), null));
        }
        if (artifact != null && artifact.sha256() != null) {
            add("artifact.sha256", CONFLICTING_FIELD, "With 'files' the registry computes the manifest's digest; "
                    + "leave artifact.sha256 out (artifact.uri may still name the source).");
        }
        return new Manifest(sourceUri, declaredFiles(files, "A version"),
                runUri == null ? null : new RunUri(runUri.runId(), null));
    }

    /** The top-level {@code run_id}: a run of this registry, 32 lower-case hex characters. */
    private String runId(String value) {
        if (value == null) {
            return null;
        }
        if (!RUN_ID.matcher(value).matches()) {
            add("run_id", INVALID_ID, "A run id is 32 lower-case hex characters, as the registry makes them.");
            return null;
        }
        return value;
    }

    /**
     * The run and path of a {@code runs:/<run_id>[/<path>]} URI (MLflow's form; the path is a relative
     * artifact path, a trailing {@code /} allowed), or null for any other URI. A malformed one is a problem.
     */
    private RunUri runUri(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, RUNS_SCHEME, 0, RUNS_SCHEME.length() - 1)) {
            return null;
        }
        String problem = "A run URI is runs:/<run_id> or runs:/<run_id>/<path>, the run id 32 lower-case hex "
                + "characters and the path relative.";
        if (!uri.startsWith(RUNS_SCHEME)) {
            add("artifact.uri", INVALID_URI, problem);
            return null;
        }
        String rest = uri.substring(RUNS_SCHEME.length());
        int slash = rest.indexOf('/');
        String runId = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!RUN_ID.matcher(runId).matches()) {
            add("artifact.uri", INVALID_URI, problem);
            return null;
        }
        if (!path.isEmpty()) {
            try {
                ArtifactPath.parse(path);
            } catch (InvalidArtifactPathException e) {
                add("artifact.uri", INVALID_URI, "The path of a run URI must be a valid relative path ("
                        + e.reason() + ").");
                return null;
            }
        }
        return new RunUri(runId, path);
    }

    /**
     * The files of a run's {@code :log-artifacts}: the same rules as a version's {@code files} (1 to
     * {@value #MAX_FILES}, paths per {@link ArtifactPath}, no path twice or both file and directory).
     */
    static List<DeclaredFile> runArtifacts(List<FileRequest> files) {
        RequestValidator v = new RequestValidator();
        if (files == null) {
            v.add("files", REQUIRED, "The run's files (path, sha256 and size of each) are required.");
            v.throwIfAny();
        }
        List<DeclaredFile> declared = v.declaredFiles(files, "A run's :log-artifacts");
        v.throwIfAny();
        return declared;
    }

    private List<DeclaredFile> declaredFiles(List<FileRequest> files, String what) {
        if (files.isEmpty()) {
            add("files", REQUIRED, what + " has at least one file.");
            return List.of();
        }
        if (files.size() > MAX_FILES) {
            add("files", TOO_MANY, what + " has at most " + MAX_FILES + " files.");
            return List.of();
        }
        List<DeclaredFile> declared = new ArrayList<>(files.size());
        PathTree tree = new PathTree();
        for (int i = 0; i < files.size(); i++) {
            FileRequest file = files.get(i);
            String field = "files[" + i + "]";
            if (file == null) {
                add(field, REQUIRED, "A file has a path and a sha256 digest.");
                continue;
            }
            ArtifactPath path = artifactPath(field + ".path", file.path());
            sha256(field + ".sha256", file.sha256(), true);
            if (file.size() != null && file.size() < 0) {
                add(field + ".size", INVALID_VALUE, "A size is a number of bytes, 0 or more.");
            }
            if (path != null) {
                tree.add(this, field + ".path", i, path);
            }
            declared.add(new DeclaredFile(file.path(), file.sha256(), file.size(), field));
        }
        return declared;
    }

    private ArtifactPath artifactPath(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, REQUIRED, "A file's path is required, e.g. model.pkl or code/train.py.");
            return null;
        }
        try {
            return ArtifactPath.parse(value);
        } catch (InvalidArtifactPathException e) {
            add(field, INVALID_PATH, "Not a valid relative path (" + e.reason() + "): " + e.getMessage() + ".");
            return null;
        }
    }

    /**
     * The paths of one manifest seen so far: a path may appear once, and may not be both a file and a
     * directory of other files ({@code a} and {@code a/b}), since a manifest must unpack into a tree.
     */
    private static final class PathTree {
        private final Map<String, Integer> files = new HashMap<>();
        private final Map<String, Integer> directories = new HashMap<>();

        void add(RequestValidator v, String field, int index, ArtifactPath path) {
            String text = path.value();
            Integer same = files.get(text);
            if (same != null) {
                v.add(field, DUPLICATE_PATH, "The same path as files[" + same + "].");
                return;
            }
            Integer inside = directories.get(text);
            if (inside != null) {
                v.add(field, PATH_CONFLICT, "files[" + inside + "] is inside this path, so it cannot also be a file.");
                return;
            }
            List<String> prefixes = new ArrayList<>();
            for (int slash = text.indexOf('/'); slash >= 0; slash = text.indexOf('/', slash + 1)) {
                String directory = text.substring(0, slash);
                Integer file = files.get(directory);
                if (file != null) {
                    v.add(field, PATH_CONFLICT, "files[" + file + "] is a file, so it cannot also be a directory.");
                    return;
                }
                prefixes.add(directory);
            }
            files.put(text, index);
            prefixes.forEach(directory -> directories.putIfAbsent(directory, index));
        }
    }

    private String sourceUri(String uri) {
        if (uri == null) {
            return null;
        }
        if (uri.isEmpty()) {
            add("artifact.uri", REQUIRED, "Leave artifact.uri out rather than sending it empty.");
        } else if (uri.length() > MAX_URI) {
            add("artifact.uri", TOO_LONG, "At most " + MAX_URI + " characters.");
        } else {
            uriProblem(uri).ifPresent(problem -> add("artifact.uri", INVALID_URI, problem));
        }
        return uri;
    }

    private static java.util.Optional<String> uriProblem(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\') {
                return java.util.Optional.of("A URI has no white space, control characters or backslashes.");
            }
        }
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                return java.util.Optional.of("The URI must be absolute (with a scheme such as s3:, gs: or file:).");
            }
            String path = parsed.getPath() != null ? parsed.getPath() : parsed.getSchemeSpecificPart();
            for (String segment : path.split("/")) {
                if (segment.equals("..")) {
                    return java.util.Optional.of("The URI must not contain '..' segments.");
                }
            }
            return java.util.Optional.empty();
        } catch (URISyntaxException e) {
            return java.util.Optional.of("Not a valid URI.");
        }
    }

    private void sha256(String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                add(field, REQUIRED, "The SHA-256 digest is required.");
            }
        } else if (!SHA256.matcher(value).matches()) {
            add(field, INVALID_SHA256, "A SHA-256 digest is exactly 64 lower-case hex digits.");
        }
    }

    private Lineage lineage(LineageRequest lineage) {
        if (lineage == null) {
            return null;
        }
        String codeCommit = shortText("lineage.code_commit", lineage.codeCommit(), false);
        String featureGraphHash = shortText("lineage.feature_graph_hash", lineage.featureGraphHash(), false);
        DataWindow window = dataWindow(lineage.dataWindow());
        List<DatasetReference> datasets = new ArrayList<>();
        if (lineage.datasets() != null) {
            for (int i = 0; i < lineage.datasets().size(); i++) {
                DatasetRequest dataset = lineage.datasets().get(i);
                String field = "lineage.datasets[" + i + "]";
                if (dataset == null) {
                    add(field, REQUIRED, "A dataset has a name and a sha256 digest.");
                    continue;
                }
                String name = shortText(field + ".name", dataset.name(), true);
                sha256(field + ".sha256", dataset.sha256(), true);
                datasets.add(new DatasetReference(name, dataset.sha256()));
            }
        }
        String runId = shortText("lineage.run_id", lineage.runId(), false);
        List<VersionReference> parents = new ArrayList<>();
        if (lineage.parents() != null) {
            for (int i = 0; i < lineage.parents().size(); i++) {
                String text = lineage.parents().get(i);
                String field = "lineage.parents[" + i + "]";
                ModelNames.parseReference(text)
                        .map(parent -> new VersionReference(Namespaces.canonicalModelName(parent.model()), parent.version()))
                        .ifPresentOrElse(parents::add,
                        () -> add(field, INVALID_PARENT, "A parent is written model@version, e.g. fraud.scorer@3."));
            }
        }
        return new Lineage(codeCommit, featureGraphHash, window, datasets, runId, parents);
    }

    private DataWindow dataWindow(List<String> window) {
        if (window == null) {
            return null;
        }
        if (window.size() != 2) {
            add("lineage.data_window", INVALID_DATA_WINDOW, "The data window is [from, to]: two RFC 3339 times.");
            return null;
        }
        Instant from = time("lineage.data_window[0]", window.get(0));
        Instant to = time("lineage.data_window[1]", window.get(1));
        if (from != null && to != null && from.isAfter(to)) {
            add("lineage.data_window", INVALID_DATA_WINDOW, "The data window starts after it ends.");
        }
        return new DataWindow(from, to);
    }

    private Instant time(String field, String text) {
        if (text == null) {
            add(field, REQUIRED, "An RFC 3339 time is required, e.g. 2026-01-31T00:00:00Z.");
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            add(field, INVALID_TIME, "Not an RFC 3339 time with offset, e.g. 2026-01-31T00:00:00Z.");
            return null;
        }
    }

    // ------------------------------------------------------------------------------ helpers

    static boolean hasControlCharacters(String text, boolean allowLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (allowLineBreaks && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(64).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return text.length() > 64 ? out + "..." : out.toString();
    }

    private void add(String field, String code, String detail) {
        problems.add(new FieldProblem(field, code, detail));
    }

    private void throwIfAny() {
        if (!problems.isEmpty()) {
            throw RequestRejected.invalid(problems);
        }
    }
}
