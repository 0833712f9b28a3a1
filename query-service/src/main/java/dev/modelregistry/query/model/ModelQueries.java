package dev.modelregistry.query.model;

import static dev.modelregistry.readmodel.jooq.Tables.ALIAS_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.ALIAS_NAME;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.STAGE_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.CANARY_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.TEAM_MEMBER_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.USER_DISABLED_HISTORY;
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
import dev.modelregistry.query.model.Views.Deprecation;
import dev.modelregistry.query.model.Views.File;
import dev.modelregistry.query.model.Views.Lineage;
import dev.modelregistry.query.model.Views.ModelView;
import dev.modelregistry.query.model.Views.ProductionView;
import dev.modelregistry.query.model.Views.VersionView;
import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.readmodel.ReadModelGrants;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.SelectSelectStep;
import org.jooq.Record13;
import org.jooq.Record21;
import org.jooq.impl.DSL;
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

    /**
     * @param asOf null for now
     * @param readable the namespaces to list; null for every namespace
     */
    /**
     * Which models a listing shows: deleted ones too, only orphans (owner team without an enabled member
     * then), only expired ones (then).
     */
    record ModelFilter(boolean includeDeleted, boolean orphaned, boolean expired) {
    }

    Page<ModelView> models(ModelFilter filter, OffsetDateTime asOf, Set<String> readable, int pageSize,
                           String pageToken) {
        boolean includeDeleted = filter.includeDeleted();
        String scope = filter.orphaned() || filter.expired()
                ? Scopes.of("models", includeDeleted, asOf, filter.orphaned(), filter.expired())
                : Scopes.of("models", includeDeleted, asOf);
        Condition after = pageToken == null ? noCondition()
                : MODEL.NAME.gt(cursorString(tokens.decode(scope, pageToken)));
        Condition namespaces = readable == null ? noCondition() : MODEL.NAMESPACE.in(readable);
        List<ModelView> rows;
        if (asOf == null) {
            rows = selectModels()
                    .from(MODEL)
                    .where(includeDeleted ? noCondition() : MODEL.DELETED_AT.isNull())
                    .and(filter.orphaned() ? orphaned(MODEL.OWNER_TEAM, null) : noCondition())
                    .and(filter.expired() ? MODEL.EXPIRED_AT.isNotNull() : noCondition())
                    .and(namespaces)
                    .and(after)
                    .orderBy(MODEL.NAME)
                    .limit(pageSize + 1)
                    .fetch(Records.mapping(ModelView::of));
        } else {
            Table<?> then = modelAt(asOf);
            rows = selectModelsAt(then, asOf)
                    .from(MODEL)
                    .crossJoin(then)
                    .where(MODEL.CREATED_AT.le(asOf))
                    .and(includeDeleted ? noCondition() : column(then, MODEL_HISTORY.DELETED_AT).isNull())
                    .and(filter.orphaned() ? orphaned(column(then, MODEL_HISTORY.OWNER_TEAM), asOf) : noCondition())
                    .and(filter.expired() ? column(then, MODEL_HISTORY.EXPIRED_AT).isNotNull() : noCondition())
                    .and(namespaces)
                    .and(after)
                    .orderBy(MODEL.NAME)
                    .limit(pageSize + 1)
                    .fetch(Records.mapping(ModelView::of));
        }
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.name())));
    }

    ModelView model(String name, boolean includeDeleted, OffsetDateTime asOf) {
        ModelView model;
        if (asOf == null) {
            model = selectModels()
                    .from(MODEL)
                    .where(MODEL.NAME.eq(name))
                    .fetchOptional(Records.mapping(ModelView::of))
                    .orElseThrow(() -> modelNotFound(name));
        } else {
            Table<?> then = modelAt(asOf);
            model = selectModelsAt(then, asOf)
                    .from(MODEL)
                    .crossJoin(then)
                    .where(MODEL.NAME.eq(name), MODEL.CREATED_AT.le(asOf))
                    .fetchOptional(Records.mapping(ModelView::of))
                    .orElseThrow(() -> modelNotFound(name));
        }
        if (model.deletedAt() != null && !includeDeleted) {
            throw modelDeleted(name);
        }
        return model;
    }

    /**
     * The model row as of a time: its {@code model_history} row with the latest {@code valid_from} at or
     * before the time (a LATERAL lookup, one backward step of index {@code model_history_time}).
     */
    private static Table<?> modelAt(OffsetDateTime asOf) {
        var h = MODEL_HISTORY.as("h");
        return DSL.lateral(DSL.select(h.DESCRIPTION, h.OWNER_TEAM, h.TAGS, h.LATEST_VERSION, h.VALID_FROM,
                        h.UPDATED_BY, h.DELETED_AT, h.DELETED_BY, h.DEPRECATION_WARNED_AT, h.DEPRECATION_EXPIRES_AT,
                        h.EXPIRED_AT)
                .from(h)
                .where(h.MODEL.eq(MODEL.NAME), h.VALID_FROM.le(asOf))
                .orderBy(h.VALID_FROM.desc(), h.FROM_POSITION.desc())
                .limit(1)).as("then");
    }

    private static <T> Field<T> column(Table<?> then, TableField<?, T> column) {
        return then.field(column.getName(), column.getDataType());
    }

    /** The columns of {@link #selectModels()} from {@link #modelAt}. */
    private SelectSelectStep<Record13<String, String, String, SortedMap<String, String>, Integer, Instant, String,
            Instant, String, Instant, String, Boolean, Deprecation>> selectModelsAt(Table<?> then, OffsetDateTime asOf) {
        var h = MODEL_HISTORY;
        return dsl().select(MODEL.NAME, column(then, h.DESCRIPTION), column(then, h.OWNER_TEAM),
                column(then, h.TAGS).convertFrom(JsonColumns::stringMap), column(then, h.LATEST_VERSION),
                MODEL.CREATED_AT.convertFrom(JsonColumns::instant), MODEL.CREATED_BY,
                column(then, h.VALID_FROM).convertFrom(JsonColumns::instant), column(then, h.UPDATED_BY),
                column(then, h.DELETED_AT).convertFrom(JsonColumns::instant), column(then, h.DELETED_BY),
                DSL.field(orphaned(column(then, h.OWNER_TEAM), asOf)),
                row(column(then, h.DEPRECATION_WARNED_AT).convertFrom(JsonColumns::instant),
                        column(then, h.DEPRECATION_EXPIRES_AT).convertFrom(JsonColumns::instant),
                        column(then, h.EXPIRED_AT).convertFrom(JsonColumns::instant)).mapping(Deprecation::new));
    }

    private SelectSelectStep<Record13<String, String, String, SortedMap<String, String>, Integer, Instant, String,
            Instant, String, Instant, String, Boolean, Deprecation>> selectModels() {
        return dsl().select(
                MODEL.NAME, MODEL.DESCRIPTION, MODEL.OWNER_TEAM, MODEL.TAGS.convertFrom(JsonColumns::stringMap),
                MODEL.LATEST_VERSION, MODEL.CREATED_AT.convertFrom(JsonColumns::instant), MODEL.CREATED_BY,
                MODEL.UPDATED_AT.convertFrom(JsonColumns::instant), MODEL.UPDATED_BY,
                MODEL.DELETED_AT.convertFrom(JsonColumns::instant), MODEL.DELETED_BY,
                DSL.field(orphaned(MODEL.OWNER_TEAM, null)),
                row(MODEL.DEPRECATION_WARNED_AT.convertFrom(JsonColumns::instant),
                        MODEL.DEPRECATION_EXPIRES_AT.convertFrom(JsonColumns::instant),
                        MODEL.EXPIRED_AT.convertFrom(JsonColumns::instant)).mapping(Deprecation::new));
    }

    /**
     * The team had no enabled member at the time (now when null): no open membership interval whose user
     * was not disabled then. An orphaned model's versions cannot be promoted (docs/api.md, "Governance").
     */
    private static Condition orphaned(Field<String> team, OffsetDateTime asOf) {
        var m = TEAM_MEMBER_HISTORY.as("m");
        var d = USER_DISABLED_HISTORY.as("d");
        return DSL.notExists(select(DSL.one()).from(m)
                .where(m.NAMESPACE.eq(team))
                .and(ReadModelGrants.during(asOf, m.VALID_FROM, m.VALID_TO, m.TO_POSITION))
                .andNotExists(select(DSL.one()).from(d)
                        .where(d.USERNAME.eq(m.USERNAME))
                        .and(ReadModelGrants.during(asOf, d.VALID_FROM, d.VALID_TO, d.TO_POSITION))));
    }

    /**
     * Fails with 404 unless the model exists (and, unless {@code includeDeleted}, is not deleted), now
     * or as of {@code asOf}.
     */
    private void requireModel(String name, boolean includeDeleted, OffsetDateTime asOf) {
        Record1<OffsetDateTime> row;
        if (asOf == null) {
            row = dsl().select(MODEL.DELETED_AT).from(MODEL).where(MODEL.NAME.eq(name)).fetchOne();
        } else {
            var h = MODEL_HISTORY;
            row = dsl().select(h.DELETED_AT).from(h)
                    .where(h.MODEL.eq(name), h.VALID_FROM.le(asOf))
                    .orderBy(h.VALID_FROM.desc(), h.FROM_POSITION.desc())
                    .limit(1)
                    .fetchOne();
        }
        if (row == null) {
            throw modelNotFound(name);
        }
        if (row.value1() != null && !includeDeleted) {
            throw modelDeleted(name);
        }
    }

    // ---- versions ----

    Page<VersionView> versions(String model, Optional<Stage> stage, boolean includeDeleted, OffsetDateTime asOf,
                               int pageSize, String pageToken) {
        requireModel(model, includeDeleted, asOf);
        String scope = Scopes.of("versions", model, stage.map(Stage::label).orElse(null), includeDeleted, asOf);
        Condition after = pageToken == null ? noCondition()
                : MODEL_VERSION.VERSION.gt(cursorInt(tokens.decode(scope, pageToken)));
        List<VersionView> rows = selectVersions(asOf)
                .from(MODEL_VERSION)
                .where(MODEL_VERSION.MODEL.eq(model))
                .and(existsAt(asOf))
                .and(stage.map(s -> stageAt(asOf).eq(s.label())).orElse(noCondition()))
                .and(includeDeleted ? noCondition() : liveAt(asOf))
                .and(after)
                .orderBy(MODEL_VERSION.VERSION)
                .limit(pageSize + 1)
                .fetch(Records.mapping(ModelQueries::versionView));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.version())));
    }

    VersionView version(String model, int version, boolean includeDeleted, OffsetDateTime asOf) {
        return versions(model, List.of(version), includeDeleted, asOf, "version").getFirst();
    }

    /**
     * The given versions in the given order.
     *
     * @param field the parameter that named the versions, for the problem answer
     * @throws QueryException 404 when the model or one of the versions does not exist or is deleted
     */
    List<VersionView> versions(String model, List<Integer> numbers, boolean includeDeleted, OffsetDateTime asOf,
                               String field) {
        requireModel(model, includeDeleted, asOf);
        Map<Integer, VersionView> found = selectVersions(asOf)
                .from(MODEL_VERSION)
                .where(MODEL_VERSION.MODEL.eq(model), MODEL_VERSION.VERSION.in(numbers))
                .and(existsAt(asOf))
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

    /** The version existed at the time (registered at or before it). */
    private static Condition existsAt(OffsetDateTime asOf) {
        return asOf == null ? noCondition() : MODEL_VERSION.CREATED_AT.le(asOf);
    }

    /** The version was not deleted at the time. */
    private static Condition liveAt(OffsetDateTime asOf) {
        return asOf == null ? MODEL_VERSION.DELETED_AT.isNull()
                : MODEL_VERSION.DELETED_AT.isNull().or(MODEL_VERSION.DELETED_AT.gt(asOf));
    }

    /**
     * The latest stage interval of the version that started at or before the time (index
     * {@code stage_history_version_time}); for a version deleted by then, the stage it had when deleted.
     */
    private static <T> Field<T> stageIntervalAt(OffsetDateTime asOf, Field<T> column) {
        var sh = STAGE_HISTORY;
        return DSL.field(select(column).from(sh)
                .where(sh.MODEL.eq(MODEL_VERSION.MODEL), sh.VERSION.eq(MODEL_VERSION.VERSION), sh.VALID_FROM.le(asOf))
                .orderBy(sh.VALID_FROM.desc(), sh.FROM_POSITION.desc())
                .limit(1));
    }

    private static Field<String> stageAt(OffsetDateTime asOf) {
        return asOf == null ? MODEL_VERSION.STAGE : stageIntervalAt(asOf, STAGE_HISTORY.STAGE);
    }

    // ---- aliases ----

    Page<AliasView> aliases(String model, OffsetDateTime asOf, int pageSize, String pageToken) {
        requireModel(model, false, asOf);
        String scope = Scopes.of("aliases", model, asOf);
        String cursor = pageToken == null ? null : cursorString(tokens.decode(scope, pageToken));
        List<AliasView> rows;
        if (asOf == null) {
            rows = dsl()
                    .select(ALIAS_HISTORY.ALIAS, ALIAS_HISTORY.MODEL, ALIAS_HISTORY.VERSION,
                            ALIAS_HISTORY.VALID_FROM.convertFrom(JsonColumns::instant))
                    .from(ALIAS_HISTORY)
                    .where(ALIAS_HISTORY.MODEL.eq(model), ALIAS_HISTORY.TO_POSITION.isNull())
                    .and(cursor == null ? noCondition() : ALIAS_HISTORY.ALIAS.gt(cursor))
                    .orderBy(ALIAS_HISTORY.ALIAS)
                    .limit(pageSize + 1)
                    .fetch(Records.mapping((alias, m, version, since) ->
                            new AliasView(alias, m, version, Views.id(m, version), since)));
        } else {
            // every alias name the model used, each with its latest interval that started by then
            var h = ALIAS_HISTORY.as("h");
            var then = DSL.lateral(select(h.VERSION, h.VALID_FROM, h.VALID_TO)
                    .from(h)
                    .where(h.MODEL.eq(ALIAS_NAME.MODEL), h.ALIAS.eq(ALIAS_NAME.ALIAS), h.VALID_FROM.le(asOf))
                    .orderBy(h.VALID_FROM.desc(), h.FROM_POSITION.desc())
                    .limit(1)).as("then");
            Field<OffsetDateTime> validTo = then.field(h.VALID_TO);
            rows = dsl()
                    .select(ALIAS_NAME.ALIAS, ALIAS_NAME.MODEL, then.field(h.VERSION),
                            then.field(h.VALID_FROM).convertFrom(JsonColumns::instant))
                    .from(ALIAS_NAME)
                    .crossJoin(then)
                    .where(ALIAS_NAME.MODEL.eq(model))
                    .and(validTo.isNull().or(validTo.gt(asOf)))
                    .and(cursor == null ? noCondition() : ALIAS_NAME.ALIAS.gt(cursor))
                    .orderBy(ALIAS_NAME.ALIAS)
                    .limit(pageSize + 1)
                    .fetch(Records.mapping((alias, m, version, since) ->
                            new AliasView(alias, m, version, Views.id(m, version), since)));
        }
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.alias())));
    }

    /** The version an alias points to, now or as of the time. */
    VersionView versionByAlias(String model, String alias, boolean includeDeleted, OffsetDateTime asOf) {
        requireModel(model, includeDeleted, asOf);
        var a = ALIAS_HISTORY;
        Integer version;
        if (asOf == null) {
            version = dsl().select(a.VERSION).from(a)
                    .where(a.MODEL.eq(model), a.ALIAS.eq(alias), a.TO_POSITION.isNull())
                    .fetchOne(a.VERSION);
        } else {
            version = dsl().select(a.VERSION, a.VALID_TO).from(a)
                    .where(a.MODEL.eq(model), a.ALIAS.eq(alias), a.VALID_FROM.le(asOf))
                    .orderBy(a.VALID_FROM.desc(), a.FROM_POSITION.desc())
                    .limit(1)
                    .fetchOptional()
                    .filter(r -> r.value2() == null || r.value2().isAfter(asOf))
                    .map(r -> r.value1())
                    .orElse(null);
        }
        if (version == null) {
            throw new QueryException(ProblemType.ALIAS_NOT_FOUND, "alias",
                    "Model '" + model + "' has no alias '" + alias + "'");
        }
        return version(model, version, includeDeleted, asOf);
    }

    // ---- production ----

    /**
     * The versions in Production at the time (now when null), by model and version, each with the
     * aliases that pointed at it then. The intervals that contain the time come from the GiST index
     * {@code stage_history_production_during}: the cost follows what was in Production then, not the
     * length of the history.
     */
    Page<ProductionView> production(OffsetDateTime asOf, Set<String> readable, int pageSize, String pageToken) {
        OffsetDateTime at = asOf != null ? asOf : OffsetDateTime.now(java.time.ZoneOffset.UTC);
        String scope = Scopes.of("production", asOf);
        var sh = STAGE_HISTORY;
        Condition after = noCondition();
        if (pageToken != null) {
            List<Object> cursor = tokens.decode(scope, pageToken);
            if (cursor.size() != 2 || !(cursor.get(0) instanceof String m) || !(cursor.get(1) instanceof Long v)
                    || v < 0 || v > Integer.MAX_VALUE) {
                throw invalidToken();
            }
            after = row(sh.MODEL, sh.VERSION).gt(m, v.intValue());
        }
        Field<Object> range = DSL.field("tstzrange({0}, {1}, '[)')", Object.class, sh.VALID_FROM, sh.VALID_TO);
        var alias = ALIAS_HISTORY;
        // the model's canary at the time: its latest canary interval that started by then, if still open then
        var c = CANARY_HISTORY.as("c");
        var canary = DSL.lateral(select(c.VERSION, c.INCUMBENT, c.PERCENT, c.VALID_TO)
                .from(c)
                .where(c.MODEL.eq(sh.MODEL), c.VALID_FROM.le(at))
                .orderBy(c.VALID_FROM.desc(), c.FROM_POSITION.desc())
                .limit(1)).as("canary");
        Field<Integer> canaryVersion = canary.field(c.VERSION);
        Field<OffsetDateTime> canaryTo = canary.field(c.VALID_TO);
        Condition canaryRuns = canaryVersion.isNotNull().and(canaryTo.isNull().or(canaryTo.gt(at)));
        Field<Integer> percent = canary.field(c.PERCENT);
        Field<Integer> share = DSL.when(canaryRuns.and(canaryVersion.eq(sh.VERSION)), percent)
                .when(canaryRuns.and(canary.field(c.INCUMBENT).eq(sh.VERSION)), DSL.inline(100).minus(percent))
                .otherwise(DSL.inline(100));
        List<ProductionView> rows = dsl()
                .select(sh.MODEL, sh.VERSION, sh.VALID_FROM.convertFrom(JsonColumns::instant),
                        multiset(select(alias.ALIAS).from(alias)
                                .where(alias.MODEL.eq(sh.MODEL), alias.VERSION.eq(sh.VERSION), alias.VALID_FROM.le(at))
                                .and(alias.VALID_TO.isNull().or(alias.VALID_TO.gt(at)))
                                .orderBy(alias.ALIAS))
                                .convertFrom(r -> r.map(Record1::value1)),
                        share, DSL.field(canaryRuns.and(canaryVersion.eq(sh.VERSION))))
                .from(sh)
                .join(MODEL).on(MODEL.NAME.eq(sh.MODEL))
                .leftJoin(canary).on(DSL.trueCondition())
                .where(sh.STAGE.eq(Stage.PRODUCTION.label()))
                .and(DSL.condition("{0} @> {1}", range, DSL.val(at)))
                .and(readable == null ? noCondition() : MODEL.NAMESPACE.in(readable))
                .and(after)
                .orderBy(sh.MODEL, sh.VERSION)
                .limit(pageSize + 1)
                .fetch(Records.mapping((m, version, since, aliases, trafficShare, isCanary) ->
                        new ProductionView(m, version, Views.id(m, version), since, aliases, trafficShare,
                                Boolean.TRUE.equals(isCanary))));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.model(), last.version())));
    }

    // ---- mapping ----

    /** The version columns, as they stand now ({@code asOf == null}) or stood at the time. */
    private SelectSelectStep<Record21<String, Integer, String, List<String>, Artifact, List<File>, String, String,
            SortedMap<String, String>, SortedMap<String, Double>, String, SortedMap<String, String>, LineageCore,
            List<Dataset>, List<String>, String, Instant, String, Instant, Instant, String>> selectVersions(
            OffsetDateTime asOf) {
        Field<OffsetDateTime> stageChangedAt = asOf == null ? MODEL_VERSION.STAGE_CHANGED_AT
                : stageIntervalAt(asOf, STAGE_HISTORY.VALID_FROM);
        Field<OffsetDateTime> deletedAt = asOf == null ? MODEL_VERSION.DELETED_AT
                : DSL.when(MODEL_VERSION.DELETED_AT.le(asOf), MODEL_VERSION.DELETED_AT);
        Field<String> deletedBy = asOf == null ? MODEL_VERSION.DELETED_BY
                : DSL.when(MODEL_VERSION.DELETED_AT.le(asOf), MODEL_VERSION.DELETED_BY);
        return dsl().select(
                MODEL_VERSION.MODEL,
                MODEL_VERSION.VERSION,
                stageAt(asOf),
                multiset(select(ALIAS_HISTORY.ALIAS)
                        .from(ALIAS_HISTORY)
                        .where(ALIAS_HISTORY.MODEL.eq(MODEL_VERSION.MODEL),
                                ALIAS_HISTORY.VERSION.eq(MODEL_VERSION.VERSION),
                                ReadModelGrants.during(asOf, ALIAS_HISTORY.VALID_FROM, ALIAS_HISTORY.VALID_TO,
                                        ALIAS_HISTORY.TO_POSITION))
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
                stageChangedAt.convertFrom(JsonColumns::instant),
                deletedAt.convertFrom(JsonColumns::instant),
                deletedBy);
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
