package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    @Test
    void keepsWhatWasPutUntilItIsRemoved() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        cache.put("fraud-detector", "model");

        assertThat((Object) cache.get("fraud-detector")).isEqualTo("model");
        assertThat(cache.putIfAbsent("fraud-detector", "other")).isFalse();
        assertThat(cache.remove("fraud-detector")).isTrue();
        assertThat(cache.containsKey("fraud-detector")).isFalse();
    }

    @Test
    void holdsNoMoreEntriesThanItsMaximumAndTellsListenersWhatItEvicted() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100);
        List<Object> expired = new CopyOnWriteArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });

        for (int i = 0; i < 1_000; i++) {
            cache.put("model-" + i, i);
        }

        cache.cleanUp();

        long held = java.util.stream.IntStream.range(0, 1_000).filter(i -> cache.containsKey("model-" + i)).count();
        assertThat(held).isLessThanOrEqualTo(100);
        assertThat(expired).hasSize((int) (1_000 - held))
                .allSatisfy(key -> assertThat(cache.containsKey(key)).isFalse());
    }
}
