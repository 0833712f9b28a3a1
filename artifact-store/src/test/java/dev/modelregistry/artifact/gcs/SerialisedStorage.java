package dev.modelregistry.artifact.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Google's {@code LocalStorageHelper} fake keeps objects in plain HashMaps and says it is not
 * thread-safe. The concurrency test still runs against it: every call to the client and to the
 * channels it hands out goes through one lock. (A real bucket needs no such help.)
 */
final class SerialisedStorage {

    private SerialisedStorage() {
    }

    static Storage wrap(Storage storage) {
        return proxy(Storage.class, storage, new Object());
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Object lock) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            synchronized (lock) {
                Object result;
                try {
                    result = method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                if (method.getReturnType() == ReadChannel.class) {
                    return proxy(ReadChannel.class, (ReadChannel) result, lock);
                }
                if (method.getReturnType() == WriteChannel.class) {
                    return proxy(WriteChannel.class, (WriteChannel) result, lock);
                }
                return result;
            }
        });
    }
}
