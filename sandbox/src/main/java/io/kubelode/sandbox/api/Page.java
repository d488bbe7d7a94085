package io.kubelode.sandbox.api;

import java.util.List;

/** Linode's pagination envelope. */
public record Page<T>(List<T> data, int page, int pages, int results) {

    public static final int DEFAULT_SIZE = 100;
    public static final int MIN_SIZE = 25;
    public static final int MAX_SIZE = 500;

    /** One page of {@code all}; {@code page}/{@code pageSize} may be null (defaults 1 and 100). */
    public static <T> Page<T> of(List<T> all, Integer page, Integer pageSize) {
        int size = pageSize == null ? DEFAULT_SIZE : pageSize;
        int number = page == null ? 1 : page;
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw ApiException.badRequest("page_size", "Must be " + MIN_SIZE + "-" + MAX_SIZE);
        }
        if (number < 1) {
            throw ApiException.badRequest("page", "Must be 1 or greater");
        }
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int from = Math.min(all.size(), (number - 1) * size);
        int to = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, to)), number, pages, all.size());
    }
}
