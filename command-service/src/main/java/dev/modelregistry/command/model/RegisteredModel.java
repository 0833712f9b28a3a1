package dev.modelregistry.command.model;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.modelregistry.command.model.CommandOutcomes.AliasChanged;
import dev.modelregistry.command.model.CommandOutcomes.Done;
import dev.modelregistry.command.model.CommandOutcomes.ModelDetails;
import dev.modelregistry.command.model.CommandOutcomes.StageChanged;
import dev.modelregistry.command.model.CommandOutcomes.VersionCreated;
import dev.modelregistry.command.model.RegistryError.AliasInvalid;
import dev.modelregistry.command.model.RegistryError.AliasNotFound;
import dev.modelregistry.command.model.RegistryError.IllegalStageTransition;
import dev.modelregistry.command.model.RegistryError.LineageInvalid;
import dev.modelregistry.command.model.RegistryError.ModelAlreadyExists;
import dev.modelregistry.command.model.RegistryError.ProductionChangeNotPermitted;
import dev.modelregistry.command.model.RegistryError.ProductionVersionExists;
import dev.modelregistry.command.model.RegistryError.StageUnchanged;
import dev.modelregistry.command.model.RegistryError.VersionInProduction;
import dev.modelregistry.command.model.RegistryError.VersionNotFound;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A registered model with its versions and aliases: the consistency boundary for everything that
 * happens to one model name. It allocates version numbers (1, 2, 3, ... without gaps: Axon locks the
 * aggregate per command in this JVM and the event store's unique (aggregate, sequence) key refuses a
 * concurrent writer elsewhere) and enforces the lifecycle.
 *
 * <p>State kept here is only what the invariants need (stage and deleted flag per version, aliases,
 * description and tags for updates); everything else lives in the events. The state is plain fields
 * and records so that snapshots serialize with Jackson. No clock, no id generator, no I/O.
 *
 * <p>The stored aggregate type ({@code domain_event_entry.type}) is fixed to {@code RegisteredModel},
 * independent of this class's name.
 */
@Aggregate(type = "RegisteredModel", snapshotTriggerDefinition = ModelConfiguration.SNAPSHOT_TRIGGER,
        cache = ModelConfiguration.CACHE)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class RegisteredModel {

    /** Per version (index = version - 1): its stage and whether it is deleted. */
    record VersionState(Stage stage, boolean deleted) {
    }

    @AggregateIdentifier
    private String name;
    private boolean deleted;
    private String description;
    private TreeMap<String, String> tags = new TreeMap<>();
    private ArrayList<VersionState> versions = new ArrayList<>();
    private TreeMap<String, Integer> aliases = new TreeMap<>();
    private Integer productionVersion;

    RegisteredModel() {
        // for Axon (new aggregates, event sourcing) and Jackson (snapshots)
    }

    // ----------------------------------------------------------------------------------- commands

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ModelDetails handle(RegisterModel command) {
        if (name != null) {
            throw new ModelAlreadyExists(command.model());
        }
        apply(new ModelRegistered(command.model(), command.description(), command.ownerTeam(), command.tags()));
        return details();
    }

    @CommandHandler
    ModelDetails handle(UpdateModel command) {
        ensureLive();
        String newDescription = command.description() != null ? command.description() : description;
        Map<String, String> newTags = command.tags() != null ? new TreeMap<>(command.tags()) : tags;
        if (Objects.equals(newDescription, description) && newTags.equals(tags)) {
            return details();
        }
        apply(new ModelUpdated(name, newDescription, newTags));
        return details();
    }

    @CommandHandler
    Done handle(DeleteModel command) {
        ensureLive();
        if (productionVersion != null) {
            throw new VersionInProduction(name, productionVersion, "deleting the model");
        }
        apply(new ModelDeleted(name));
        return new Done(name);
    }

    @CommandHandler
    VersionCreated handle(RegisterVersion command) {
        ensureLive();
        int next = versions.size() + 1;
        if (command.lineage() != null) {
            for (VersionReference parent : command.lineage().parents()) {
                if (parent.model().equals(name) && parent.version() >= next) {
                    throw new LineageInvalid("lineage.parents", "Parent " + parent + " is this version or a later "
                            + "one; a version's parents must already exist (this one will be " + name + "@" + next
                            + ").");
                }
            }
        }
        apply(new VersionRegistered(name, next, command.artifact(), command.files(), command.framework(),
                command.frameworkVersion(), command.params(), command.metrics(), command.description(),
                command.tags(), command.lineage(), command.lineageHash()));
        return new VersionCreated(name, next, command.lineageHash());
    }

    @CommandHandler
    StageChanged handle(TransitionVersionStage command) {
        ensureLive();
        int version = command.version();
        Stage from = liveVersion(version).stage();
        Stage to = command.stage();
        if (to == null) {
            throw new IllegalStageTransition(name, version, from, from, "a target stage is required");
        }
        if (from == to) {
            throw new StageUnchanged(name, version, to);
        }
        if (!allowed(from, to)) {
            throw new IllegalStageTransition(name, version, from, to, hint(from, to));
        }
        if (!command.mayChangeProduction() && (to == Stage.PRODUCTION || from == Stage.PRODUCTION)) {
            throw new ProductionChangeNotPermitted(name, version);
        }
        Integer archived = null;
        if (to == Stage.PRODUCTION && productionVersion != null) {
            if (!command.archiveExisting()) {
                throw new ProductionVersionExists(name, productionVersion);
            }
            archived = productionVersion;
            apply(new VersionStageTransitioned(name, archived, Stage.PRODUCTION, Stage.ARCHIVED));
        }
        apply(new VersionStageTransitioned(name, version, from, to));
        return new StageChanged(name, version, from, to, archived);
    }

    @CommandHandler
    StageChanged handle(RestoreVersion command) {
        ensureLive();
        Stage from = liveVersion(command.version()).stage();
        if (from != Stage.ARCHIVED) {
            throw new IllegalStageTransition(name, command.version(), from, Stage.NONE,
                    "only an Archived version can be restored");
        }
        apply(new VersionRestored(name, command.version()));
        return new StageChanged(name, command.version(), from, Stage.NONE, null);
    }

    @CommandHandler
    Done handle(DeleteVersion command) {
        ensureLive();
        int version = command.version();
        if (liveVersion(version).stage() == Stage.PRODUCTION) {
            throw new VersionInProduction(name, version, "deleting it");
        }
        List<String> pointing = aliases.entrySet().stream()
                .filter(alias -> alias.getValue() == version)
                .map(Map.Entry::getKey)
                .toList();
        for (String alias : pointing) {
            apply(new AliasRemoved(name, alias, version));
        }
        apply(new VersionDeleted(name, version));
        return new Done(name);
    }

    @CommandHandler
    AliasChanged handle(AssignAlias command) {
        ensureLive();
        AliasNames.problem(command.alias()).ifPresent(problem -> {
            throw new AliasInvalid(problem);
        });
        liveVersion(command.version());
        Integer previous = aliases.get(command.alias());
        if (previous != null && previous == command.version()) {
            return new AliasChanged(name, command.alias(), command.version(), previous, false);
        }
        apply(new AliasAssigned(name, command.alias(), command.version(), previous));
        return new AliasChanged(name, command.alias(), command.version(), previous, true);
    }

    @CommandHandler
    Done handle(RemoveAlias command) {
        ensureLive();
        Integer version = aliases.get(command.alias());
        if (version == null) {
            throw new AliasNotFound(name, command.alias());
        }
        apply(new AliasRemoved(name, command.alias(), version));
        return new Done(name);
    }

    // ------------------------------------------------------------------------------------- rules

    private static boolean allowed(Stage from, Stage to) {
        return switch (to) {
            case STAGING -> from == Stage.NONE;
            case PRODUCTION -> from == Stage.STAGING;
            case ARCHIVED -> from != Stage.ARCHIVED;
            case NONE -> false;
        };
    }

    private static String hint(Stage from, Stage to) {
        if (to == Stage.NONE) {
            return from == Stage.ARCHIVED ? "use restore to bring an Archived version back"
                    : "a version never returns to None except by restore from Archived";
        }
        if (from == Stage.ARCHIVED) {
            return "restore it first (Archived -> None)";
        }
        return "the lifecycle is None -> Staging -> Production -> Archived, and any stage may be archived";
    }

    private void ensureLive() {
        if (deleted) {
            throw new RegistryError.ModelDeleted(name);
        }
    }

    private VersionState liveVersion(int version) {
        if (version < 1 || version > versions.size()) {
            throw new VersionNotFound(name, version);
        }
        VersionState state = versions.get(version - 1);
        if (state.deleted()) {
            throw new RegistryError.VersionDeleted(name, version);
        }
        return state;
    }

    private ModelDetails details() {
        return new ModelDetails(name, description, Map.copyOf(tags));
    }

    // --------------------------------------------------------------------------- event sourcing

    @EventSourcingHandler
    void on(ModelRegistered event) {
        name = event.model();
        description = event.description();
        tags = new TreeMap<>(event.tags());
    }

    @EventSourcingHandler
    void on(ModelUpdated event) {
        description = event.description();
        tags = new TreeMap<>(event.tags());
    }

    @EventSourcingHandler
    void on(ModelDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(VersionRegistered event) {
        versions.add(new VersionState(Stage.NONE, false));
    }

    @EventSourcingHandler
    void on(VersionStageTransitioned event) {
        set(event.version(), new VersionState(event.to(), false));
        if (event.to() == Stage.PRODUCTION) {
            productionVersion = event.version();
        } else if (Objects.equals(productionVersion, event.version())) {
            productionVersion = null;
        }
    }

    @EventSourcingHandler
    void on(VersionRestored event) {
        set(event.version(), new VersionState(Stage.NONE, false));
    }

    @EventSourcingHandler
    void on(VersionDeleted event) {
        VersionState state = versions.get(event.version() - 1);
        set(event.version(), new VersionState(state.stage(), true));
        if (Objects.equals(productionVersion, event.version())) {
            productionVersion = null;
        }
    }

    @EventSourcingHandler
    void on(AliasAssigned event) {
        aliases.put(event.alias(), event.version());
    }

    @EventSourcingHandler
    void on(AliasRemoved event) {
        aliases.remove(event.alias());
    }

    private void set(int version, VersionState state) {
        versions.set(version - 1, state);
    }
}
