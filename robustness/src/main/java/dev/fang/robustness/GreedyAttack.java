package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.PackageFeaturizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The seed paper's greedy black-box attack. It scores the package, then tries each single-pass
 * transformation once and each padding move in {@value #PADDING_ROUNDS} rounds, keeping a change whenever
 * the model's score does not rise. With the {@link Padding#moves()} of today that is 1 + 4 + 5 x 22 = 115
 * queries per package. The score after each step therefore never increases along the trace.
 */
public final class GreedyAttack {
    static final int PADDING_ROUNDS = 5;

    /** One query: the move tried, the score of the candidate, whether it was kept, and the score after. */
    public record Step(String phase, String move, double candidateScore, boolean kept, double score) { }

    public record Result(PackageContents adversarial, double originalScore, double finalScore, int queries, List<Step> steps) { }

    private final ToDoubleFunction<PackageContents> packageScore;
    private final long seed;

    /** {@code model} maps a feature vector of {@code featurizer}'s catalogue to a maliciousness score. */
    public GreedyAttack(PackageFeaturizer featurizer, ToDoubleFunction<double[]> model, long seed) {
        this(pkg -> model.applyAsDouble(featurizer.featurize(pkg).values()), seed);
    }

    /** {@code packageScore} featurizes a package (in whatever way the model expects) and scores it: one query. */
    public GreedyAttack(ToDoubleFunction<PackageContents> packageScore, long seed) {
        this.packageScore = packageScore;
        this.seed = seed;
    }

    public Result run(PackageContents original) {
        double originalScore = score(original);
        PackageContents current = original;
        double currentScore = originalScore;
        List<Step> steps = new ArrayList<>();
        for (String name : Transformations.names()) {
            if (!name.equals(Padding.NAME)) {
                PackageContents candidate = Transformations.byName(name).apply(current, 1.0, seed);
                double score = score(candidate);
                boolean kept = score <= currentScore;
                if (kept) {
                    current = candidate;
                    currentScore = score;
                }
                steps.add(new Step("transformation", name, score, kept, currentScore));
            }
        }
        List<Padding.Move> moves = Padding.moves();
        for (int round = 0; round < PADDING_ROUNDS; round++) {
            for (int i = 0; i < moves.size(); i++) {
                PackageContents candidate = Padding.apply(current, moves.get(i), seed + round * 1_000L + i);
                double score = score(candidate);
                boolean kept = score <= currentScore;
                if (kept) {
                    current = candidate;
                    currentScore = score;
                }
                steps.add(new Step("padding round " + (round + 1), moves.get(i).name(), score, kept, currentScore));
            }
        }
        return new Result(current, originalScore, currentScore, steps.size() + 1, steps);
    }

    private double score(PackageContents pkg) {
        return packageScore.applyAsDouble(pkg);
    }
}
