package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.GlobalRole;

public record GrantGlobalRole(String principal, GlobalRole role) implements GlobalAccessCommand {
}
