package dev.modelregistry.command.access.aggregate;

public record RevokeApiToken(String username, String tokenId) implements UserCommand {
}
