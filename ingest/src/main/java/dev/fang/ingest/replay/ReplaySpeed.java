package dev.fang.ingest.replay;

import java.time.Duration;
import java.util.Locale;

/** How fast history is replayed: as fast as possible, or N times the original pace ({@code 10x}). */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed FULL = new ReplaySpeed(Double.POSITIVE_INFINITY);

    public static ReplaySpeed parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("max") || value.equals("full")) {
            return FULL;
        }
        try {
            double factor = Double.parseDouble(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
            if (factor > 0) {
                return new ReplaySpeed(factor);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the explanation below
        }
        throw new IllegalArgumentException("speed must be 'max' or a positive factor such as '10x', not '" + text + "'");
    }

    /** How long to wait between two releases that were published {@code gap} apart. */
    public Duration delayFor(Duration gap) {
        if (Double.isInfinite(factor) || gap.isNegative() || gap.isZero()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (gap.toNanos() / factor));
    }
}
