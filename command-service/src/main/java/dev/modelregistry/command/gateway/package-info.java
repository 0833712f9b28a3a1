/**
 * The one way into the command side: {@link dev.modelregistry.command.gateway.RegistryCommandGateway}
 * sends a command with its {@link dev.modelregistry.command.gateway.EventMetaData} (actor, correlation
 * id, reason; copied onto every event the command produces) and answers with the outcome and the
 * position of the last event written. Used by the REST layer; the publisher reads the same meta data keys.
 */
package dev.modelregistry.command.gateway;
