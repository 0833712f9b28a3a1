package dev.modelregistry.artifact;

/** One stored part of a resumable upload, with the SHA-256 of the part's own bytes. */
public record PartInfo(int partNumber, long size, Sha256 sha256) {
}
