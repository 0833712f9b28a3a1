package dev.modelregistry.query.model;

import static dev.modelregistry.readmodel.jooq.Tables.ALIAS_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_DATASET;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_FILE;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_PARENT;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

import dev.modelregistry.events.model.Stage;
import dev.modelregistry.query.model.Views.AliasView;
import dev.modelregistry.query.model.Views.Artifact;
import dev.modelregistry.query.model.Views.Dataset;
import dev.modelregistry.query.model.Views.File;
import dev.modelregistry.query.model.Views.Lineage;
import dev.modelregistry.query.model.Views.ModelView;
import dev.modelregistry.query.model.Views.VersionView;
import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.SelectSelectStep;
import org.jooq.Record11;
import org.jooq.Record21;
import org.springframework.stereotype.Component;

/**
 * Models, versions and aliases from the PostgreSQL read model. Every result is mapped straight from
 * the rows into the view records (nested collections with {@code MULTISET}); generated jOOQ records
 * never leave this class. Lists use keyset pagination (by name, version number or alias).
 */
@Component("queryModelQueries")
class ModelQueries {

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    ModelQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    // ---- models ----

    Page<ModelView> models(boolean includeDeleted, int pageSize, String pageToken) {
        String scope = Scopes.of("models", includeDeleted);
        Condition after = pageToken == null ? noCondition()
                : MODEL.NAME.gt(cursorString(tokens.decode(scope, pageToken)));
        List<ModelView> rows = selectModels()
                .from(MODEL)
                .where(includeDeleted ? noCondition() : MODEL.DELETED_AT.isNull())
                .and(after)
                .orderBy(MODEL.NAME)
                .limit(pageSize + 1)
                .fetch(Records.mapping(ModelView::new));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.name())));
    }

    ModelView model(String name, boolean includeDeleted) {
        ModelView model = selectModels()
                .from(MODEL)
                .where(MODEL.NAME.eq(name))
                .fetchOptional(Records.mapping(ModelView::new))
                .orElseThrow(() -> modelNotFound(name));
        if (model.deletedAt() != null && !includeDeleted) {
            throw modelDeleted(name);
        }
        return model;
    }

    private SelectSelectStep<Record11<String, String, String, SortedMap<String, String>, Integer, Instant, String,
            Instant, String, Instant, String>> selectModels() {
        return dsl().select(
                MODEL.NAME, MODEL.DESCRIPTION, MODEL.OWNER_TEAM, MODEL.TAGS.convertFrom(JsonColumns::stringMap),
                MODEL.LATEST_VERSION, MODEL.CREATED_AT.convertFrom(JsonColumns::instant), MODEL.CREATED_BY,
                MODEL.UPDATED_AT.convertFrom(JsonColumns::instant), MODEL.UPDATED_BY,
                MODEL.DELETED_AT.convertFrom(JsonColumns::instant), MODEL.DELETED_BY);
    }

    /** Fails with 404 unless the model exists (and, unless {@code includeDeleted}, is not deleted). */
    private void requireModel(String name, boolean includeDeleted) {
        Record1<OffsetDateTime> row = dsl().select(MODEL.DELETED_AT).from(MODEL).where(MODEL.NAME.eq(name)).fetchOne();
        if (row == null) {
            throw modelNotFound(name);
        }
        if (row.value1() != null && !includeDeleted) {
            throw modelDeleted(name);
        }
    }

    // ---- versions ----

    Page<VersionView> versions(String model, Optional<Stage> stage, boolean includeDeleted, int pageSize,
                               String pageToken) {
        requireModel(model, includeDeleted);
        String scope = Scopes.of("versions", model, stage.map(Stage::label).orElse(null), includeDeleted);
        Condition after = pageToken == null ? noCondition()
                : MODEL_VERSION.VERSION.gt(cursorInt(tokens.decode(scope, pageToken)));
        List<VersionView> rows = selectVersions()
                .from(MODEL_VERSION)
                .where(MODEL_VERSION.MODEL.eq(model))
                .and(stage.map(s -> MODEL_VERSION.STAGE.eq(s.label())).orElse(noCondition()))
                .and(includeDeleted ? noCondition() : MODEL_VERSION.DELETED_AT.isNull())
                .and(after)
                .orderBy(MODEL_VERSION.VERSION)
                .limit(pageSize + 1)
                .fetch(Records.mapping(ModelQueries::versionView));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.version())));
    }

    VersionView version(String model, int version, boolean includeDeleted) {
        return versions(model, List.of(version), includeDeleted, "version").getFirst();
    }

    /**
     * The given versions in the given order.
     *
     * @param field the parameter that named the versions, for the problem answer
     * @throws QueryException 404 when the model or one of the versions does not exist or is deleted
     */
    List<VersionView> versions(String model, List<Integer> numbers, boolean includeDeleted, String field) {
        requireModel(model, includeDeleted);
        Map<Integer, VersionView> found = selectVersions()
                .from(MODEL_VERSION)
                .where(MODEL_VERSION.MODEL.eq(model), MODEL_VERSION.VERSION.in(numbers))
                .fetch(Records.mapping(ModelQueries::versionView))
                .stream()
                .collect(Collectors.toMap(VersionView::version, Function.identity()));
        List<VersionView> result = new ArrayList<>(numbers.size());
        for (int number : numbers) {
            VersionView view = found.get(number);
            if (view == null) {
                throw new QueryException(ProblemType.VERSION_NOT_FOUND, field,
                        "Model '" + model + "' has no version " + number);
            }
            if (view.deletedAt() != null && !includeDeleted) {
                throw new QueryException(ProblemType.VERSION_DELETED, field,
                        "Version " + number + " of model '" + model + "' is deleted; add include_deleted=true to see it");
            }
            result.add(view);
        }
        return result;
    }

    // ---- aliases ----

    Page<AliasView> aliases(String model, int pageSize, String pageToken) {
        requireModel(model, false);
        String scope = Scopes.of("aliases", model);
        Condition after = pageToken == null ? noCondition()
                : ALIAS_HISTORY.ALIAS.gt(cursorString(tokens.decode(scope, pageToken)));
        List<AliasView> rows = dsl()
                .select(ALIAS_HISTORY.ALIAS, ALIAS_HISTORY.MODEL, ALIAS_HISTORY.VERSION,
                        ALIAS_HISTORY.VALID_FROM.convertFrom(JsonColumns::instant))
                .from(ALIAS_HISTORY)
                .where(ALIAS_HISTORY.MODEL.eq(model), ALIAS_HISTORY.TO_POSITION.isNull())
                .and(after)
                .orderBy(ALIAS_HISTORY.ALIAS)
                .limit(pageSize + 1)
                .fetch(Records.mapping((alias, m, version, since) ->
                        new AliasView(alias, m, version, Views.id(m, version), since)));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.alias())));
    }

    /** The version an alias points to now. */
    VersionView versionByAlias(String model, String alias, boolean includeDeleted) {
        requireModel(model, includeDeleted);
        Integer version = dsl()
                .select(ALIAS_HISTORY.VERSION)
                .from(ALIAS_HISTORY)
                .where(ALIAS_HISTORY.MODEL.eq(model), ALIAS_HISTORY.ALIAS.eq(alias), ALIAS_HISTORY.TO_POSITION.isNull())
                .fetchOne(ALIAS_HISTORY.VERSION);
        if (version == null) {
            throw new QueryException(ProblemType.ALIAS_NOT_FOUND, "alias",
                    "Model '" + model + "' has no alias '" + alias + "'");
        }
        return version(model, version, includeDeleted);
    }

    // ---- mapping ----

    private SelectSelectStep<Record21<String, Integer, String, List<String>, Artifact, List<File>, String, String,
            SortedMap<String, String>, SortedMap<String, Double>, String, SortedMap<String, String>, LineageCore,
            List<Dataset>, List<String>, String, Instant, String, Instant, Instant, String>> selectVersions() {
        return dsl().select(
                MODEL_VERSION.MODEL,
                MODEL_VERSION.VERSION,
                MODEL_VERSION.STAGE,
                multiset(select(ALIAS_HISTORY.ALIAS)
                        .from(ALIAS_HISTORY)
                        .where(ALIAS_HISTORY.MODEL.eq(MODEL_VERSION.MODEL),
                                ALIAS_HISTORY.VERSION.eq(MODEL_VERSION.VERSION),
                                ALIAS_HISTORY.TO_POSITION.isNull())
                        .orderBy(ALIAS_HISTORY.ALIAS))
                        .convertFrom(r -> r.map(Record1::value1)),
                row(MODEL_VERSION.ARTIFACT_URI, MODEL_VERSION.ARTIFACT_SHA256).mapping(Artifact::new),
                multiset(select(VERSION_FILE.PATH, VERSION_FILE.SHA256, VERSION_FILE.SIZE)
                        .from(VERSION_FILE)
                        .where(VERSION_FILE.MODEL.eq(MODEL_VERSION.MODEL),
                                VERSION_FILE.VERSION.eq(MODEL_VERSION.VERSION))
                        .orderBy(VERSION_FILE.PATH))
                        .convertFrom(r -> r.map(Records.mapping(File::new))),
                MODEL_VERSION.FRAMEWORK,
                MODEL_VERSION.FRAMEWORK_VERSION,
                MODEL_VERSION.PARAMS.convertFrom(JsonColumns::stringMap),
                MODEL_VERSION.METRICS.convertFrom(JsonColumns::numberMap),
                MODEL_VERSION.DESCRIPTION,
                MODEL_VERSION.TAGS.convertFrom(JsonColumns::stringMap),
                row(MODEL_VERSION.CODE_COMMIT, MODEL_VERSION.FEATURE_GRAPH_HASH,
                        MODEL_VERSION.DATA_FROM.convertFrom(JsonColumns::instant),
                        MODEL_VERSION.DATA_TO.convertFrom(JsonColumns::instant),
                        MODEL_VERSION.RUN_ID).mapping(LineageCore::new),
                multiset(select(VERSION_DATASET.NAME, VERSION_DATASET.SHA256)
                        .from(VERSION_DATASET)
                        .where(VERSION_DATASET.MODEL.eq(MODEL_VERSION.MODEL),
                                VERSION_DATASET.VERSION.eq(MODEL_VERSION.VERSION))
                        .orderBy(VERSION_DATASET.ORDINAL))
                        .convertFrom(r -> r.map(Records.mapping(Dataset::new))),
                multiset(select(VERSION_PARENT.PARENT_MODEL, VERSION_PARENT.PARENT_VERSION)
                        .from(VERSION_PARENT)
                        .where(VERSION_PARENT.MODEL.eq(MODEL_VERSION.MODEL),
                                VERSION_PARENT.VERSION.eq(MODEL_VERSION.VERSION))
                        .orderBy(VERSION_PARENT.PARENT_MODEL, VERSION_PARENT.PARENT_VERSION))
                        .convertFrom(r -> r.map(Records.mapping(Views::id))),
                MODEL_VERSION.LINEAGE_HASH,
                MODEL_VERSION.CREATED_AT.convertFrom(JsonColumns::instant),
                MODEL_VERSION.CREATED_BY,
                MODEL_VERSION.STAGE_CHANGED_AT.convertFrom(JsonColumns::instant),
                MODEL_VERSION.DELETED_AT.convertFrom(JsonColumns::instant),
                MODEL_VERSION.DELETED_BY);
    }

    /** The scalar lineage columns, completed by the datasets and parents into a {@link Lineage}. */
    record LineageCore(String codeCommit, String featureGraphHash, Instant dataFrom, Instant dataTo, String runId) {
    }

    private static VersionView versionView(String model, Integer version, String stage, List<String> aliases,
                                           Artifact artifact, List<File> files, String framework,
                                           String frameworkVersion,
                                           SortedMap<String, String> params, SortedMap<String, Double> metrics,
                                           String description, SortedMap<String, String> tags, LineageCore core,
                                           List<Dataset> datasets, List<String> parents, String lineageHash,
                                           Instant createdAt, String createdBy, Instant stageChangedAt,
                                           Instant deletedAt, String deletedBy) {
        List<Instant> dataWindow = core.dataFrom() == null && core.dataTo() == null ? null
                : Arrays.asList(core.dataFrom(), core.dataTo());
        Lineage lineage = new Lineage(core.codeCommit(), core.featureGraphHash(), dataWindow, datasets,
                core.runId(), parents);
        return new VersionView(model, version, Views.id(model, version), stage, aliases, artifact, files, framework,
                frameworkVersion, params, metrics, description, tags, lineage, lineageHash, createdAt, createdBy,
                stageChangedAt, deletedAt, deletedBy);
    }

    // ---- helpers ----

    private DSLContext dsl() {
        return database.dsl();
    }

    private static String cursorString(List<Object> cursor) {
        if (cursor.size() == 1 && cursor.getFirst() instanceof String s) {
            return s;
        }
        throw invalidToken();
    }

    private static int cursorInt(List<Object> cursor) {
        if (cursor.size() == 1 && cursor.getFirst() instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw invalidToken();
    }

    private static QueryException invalidToken() {
        return new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }

    private static QueryException modelNotFound(String name) {
        return new QueryException(ProblemType.MODEL_NOT_FOUND, "name", "No model named '" + name + "'");
    }

    private static QueryException modelDeleted(String name) {
        return new QueryException(ProblemType.MODEL_DELETED, "name",
                "Model '" + name + "' is deleted; add include_deleted=true to see it");
    }
}
