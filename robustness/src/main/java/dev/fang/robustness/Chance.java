package dev.fang.robustness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The randomness of one transformation on one file: whether to rewrite an occurrence (with the configured
 * probability) and which variant to use. Seeded from the run's seed, the transformation and the file path,
 * so a file's rewrite does not depend on which other files the package holds or on their order.
 */
final class Chance {
    private final SplittableRandom random;
    private final double probability;

    Chance(long seed, double probability) {
        this.random = new SplittableRandom(seed);
        this.probability = probability;
    }

    static Chance of(long seed, String transformation, String path, double probability) {
        long mixed = seed;
        for (byte b : (transformation + '\0' + path).getBytes(StandardCharsets.UTF_8)) {
            mixed = (mixed ^ b) * 0x100000001b3L;
        }
        return new Chance(mixed, probability);
    }

    /** True with the configured probability: rewrite this occurrence. */
    boolean take() {
        return probability >= 1.0 || random.nextDouble() < probability;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    /** An integer in {@code [from, to]}. */
    int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    boolean coin() {
        return random.nextBoolean();
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A fresh identifier of lower-case letters that is none of {@code taken}, no keyword and no builtin. */
    String identifier(java.util.Set<String> taken) {
        while (true) {
            StringBuilder name = new StringBuilder();
            int length = between(5, 9);
            for (int i = 0; i < length; i++) {
                name.append((char) ('a' + random.nextInt(26)));
            }
            String candidate = name.toString();
            if (!taken.contains(candidate) && !PythonNames.reserved(candidate)) {
                return candidate;
            }
        }
    }
}
