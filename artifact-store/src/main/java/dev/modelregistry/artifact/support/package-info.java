/**
 * Helpers shared by the backends (hashing copy, bounded channel streams, checks of store-made
 * names). Public only because the backends live in sibling packages; not part of the contract.
 */
package dev.modelregistry.artifact.support;
