package dev.modelregistry.artifact.support;

import dev.modelregistry.artifact.BlobStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Checks of the only strings that become names inside a store: store-made UUIDs and part numbers. */
public final class StoreNames {

    private StoreNames() {
    }

    public static String newStagingId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A staging id as this store made it (the canonical text of a UUID); anything else, for example a
     * forged {@code StagedBlob} carrying {@code ../x}, is refused before it reaches a name.
     */
    public static String checkStagingId(String stagingId) {
        if (stagingId == null || stagingId.length() != 36) {
            throw new IllegalArgumentException("not a staging id of this store");
        }
        try {
            if (!UUID.fromString(stagingId).toString().equals(stagingId)) {
                throw new IllegalArgumentException("not a staging id of this store");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a staging id of this store");
        }
        return stagingId;
    }

    public static int checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > BlobStore.MAX_PARTS) {
            throw new IllegalArgumentException("part numbers are 1.." + BlobStore.MAX_PARTS);
        }
        return partNumber;
    }

    /** Part numbers for assembly: at least one, each in range, none twice. */
    public static List<Integer> checkPartList(List<Integer> partNumbers) {
        if (partNumbers == null || partNumbers.isEmpty()) {
            throw new IllegalArgumentException("an upload is assembled from at least one part");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer partNumber : partNumbers) {
            if (partNumber == null) {
                throw new IllegalArgumentException("part numbers are 1.." + BlobStore.MAX_PARTS);
            }
            checkPartNumber(partNumber);
            if (!seen.add(partNumber)) {
                throw new IllegalArgumentException("part " + partNumber + " is listed twice");
            }
        }
        return List.copyOf(partNumbers);
    }

    public static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
    }

    /** How many bytes of a blob of {@code size} bytes the range covers. */
    public static long rangeLength(long size, long offset, long length) {
        return offset >= size ? 0 : Math.min(length, size - offset);
    }
}
