package dev.touchpoint.journey;

import java.time.Instant;

/**
 * Where one start stands among the starts of its journey at the default window
 * ({@link StartLinks#WINDOW_MILLIS}) in one mode: what lets a conversion query with that
 * window pick each customer's chosen start with a filter on single rows instead of grouping
 * the starts by customer.
 *
 * <p>For a range {@code [from, to)}, a start in range is its customer's chosen start (the
 * earliest in journey order among those reaching the customer's highest level) exactly when
 * {@code prevAt} is null or before {@code from} (no earlier start in range reaches as high)
 * and {@code nextAt} is null or not before {@code to} (no later start in range reaches higher).
 *
 * @param level  the highest level reached from this start within the default window, at least 1
 * @param prevAt when the latest earlier start (journey order) reaching at least {@code level} starts; null if none
 * @param nextAt when the earliest later start reaching above {@code level} starts; null if none
 */
public record StartLink(int level, Instant prevAt, Instant nextAt) {
}
