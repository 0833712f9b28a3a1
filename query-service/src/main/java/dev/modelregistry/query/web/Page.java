package dev.modelregistry.query.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list answer: {@code {"items": [...], "next_page_token": "..."}}; the token is
 * null on the last page.
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from up to {@code pageSize + 1} rows fetched in keyset order: the extra row
     * only tells that a next page exists; the token is made from the last row that is shown.
     */
    public static <T> Page<T> of(List<T> rows, int pageSize, Function<T, String> tokenOfLast) {
        if (rows.size() <= pageSize) {
            return new Page<>(rows, null);
        }
        List<T> shown = rows.subList(0, pageSize);
        return new Page<>(shown, tokenOfLast.apply(shown.getLast()));
    }
}
