package dev.fang.app;

import dev.fang.featurize.features.Family;
import dev.fang.featurize.features.Feature;
import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.robustness.experiment.AdversarialTraining;
import dev.fang.robustness.experiment.FeatureSpace;
import dev.fang.robustness.experiment.StudyConfig;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.MalwareCollection;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.evaluation.EvaluationConfig;
import dev.fang.training.evaluation.HeldOutScores;
import dev.fang.training.evaluation.ShortcutGuard;
import dev.fang.training.evaluation.TrainAndEvaluate;
import dev.fang.training.model.Holdout;
import dev.fang.training.model.MonotoneFeatures;
import dev.fang.training.model.Trainer;
import dev.fang.training.model.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", description = {
        "Train the LightGBM model on a dataset (fang dataset build): group-aware k-fold cross-validation with a",
        "small hyper-parameter search, then a final model with its calibration table of held-out benign scores.",
        "Also writes the out-of-fold evaluation report, and refuses a model that leans on packaging layout."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "data/work/dataset", description = "Dataset directory; default: ${DEFAULT-VALUE}.")
    Path dataset;

    @Option(names = "--model-dir", paramLabel = "DIR", defaultValue = "models/default", description = "Model directory to write; default: ${DEFAULT-VALUE}.")
    Path modelDir;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/evaluation.md", description = "Evaluation report (plots beside it); default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--scores", paramLabel = "FILE", description = "Also write every held-out score (split, package, label, kind, score) as TSV, to look misses and false alarms up by package.")
    Path scores;

    @Option(names = "--no-time-split", description = "Skip the time split (test malware later than training malware).")
    boolean noTimeSplit;

    @Option(names = "--allow-shortcuts", description = "Write the model even if a packaging-layout feature ranks in the top 10.")
    boolean allowShortcuts;

    @Option(names = "--evaluate-only", description = "Write the report but not the model directory (what 'fang evaluate' does).")
    boolean evaluateOnly;

    /**
     * Families the default model does not learn from: how big, dense and varied code is says more about a project's
     * size than about what it does, rewards small benign packages with alerts, and is what dead-code padding changes
     * for free. The model learns from behaviour instead: APIs, indicators, strings, hooks, decoding, obfuscation.
     */
    static final List<String> DEFAULT_WITHOUT = List.of("shape", "operators", "entropy");

    @Option(names = "--without-family", paramLabel = "FAMILY", split = ",",
            description = {"Feature families not learned from: their features stay in the vector but are never split on;",
                    "'none' learns from all. Default: shape,operators,entropy (size and density, see DEFAULT_WITHOUT)."})
    List<String> withoutFamilies = new ArrayList<>(DEFAULT_WITHOUT);

    @Option(names = "--monotone", description = "Train a model that adding code cannot push down: only features that grow with code, score non-decreasing in each (see MonotoneFeatures).")
    boolean monotone;

    @Option(names = "--monotone-family", paramLabel = "FAMILY", split = ",",
            description = "Constrain the score to be non-decreasing in these families' features that grow with code (e.g. iocs,suspicious_strings), leaving the rest free.")
    List<String> monotoneFamilies = new ArrayList<>();

    /**
     * Features the default model's score never falls in: counts of any URL and of any public IP. Dead code full of
     * popular URLs or random IPs costs an attacker nothing, and an unconstrained model reads "many URLs, many IPs" as
     * innocence (benign projects link their docs and test with addresses); the greedy attack lowered scores mostly that
     * way. The targeted IoC features (unpopular hosts, endpoints, URLs next to a network call) stay free.
     */
    static final List<String> DEFAULT_MONOTONE = List.of("url_distinct", "ip_public_distinct");

    @Option(names = "--monotone-feature", paramLabel = "NAME", split = ",",
            description = {"Constrain the score to be non-decreasing in these features, named without scope prefix (url_distinct",
                    "matches install_url_distinct and import_url_distinct); 'none' constrains none.",
                    "Default: url_distinct,ip_public_distinct (what padding adds for free, see DEFAULT_MONOTONE)."})
    List<String> monotoneFeatures = new ArrayList<>(DEFAULT_MONOTONE);

    /**
     * The default model cannot tell how many strings were encoded, split or packed (every such count capped at 0): those
     * counts are the attacker's cheapest lever (the greedy attack's string encodings lowered scores most, in both
     * directions), while what the decoded strings say (URLs, suspicious strings, APIs, payloads that run) still counts.
     */
    static final List<String> DEFAULT_CAPS = List.of("dec_strings=0", "obf_base_n=0", "obf_hex=0", "obf_byte_arrays=0",
            "obf_string_split=0", "obf_xor=0", "obf_compression=0", "obf_decode_chains=0", "obf_escaped_literals=0");

    @Option(names = "--cap", paramLabel = "NAME=N", split = ",",
            description = {"Cap these features' training values, named without scope prefix (dec_strings=5 caps install_dec_strings",
                    "and import_dec_strings at 5): the model cannot tell more from the cap, and scores any larger value as the cap;",
                    "'none' caps none. Default: the string-obfuscation counts at 0 (see DEFAULT_CAPS)."})
    List<String> caps = new ArrayList<>(DEFAULT_CAPS);

    @Option(names = "--adversarial", paramLabel = "P",
            description = {"Adversarial training: every model (each fold's, the time split's, the final one) is trained, its training",
                    "part's malware sample attacked against it, the most evasive P%% added with as many obfuscated benign packages,",
                    "and trained again (as fang robustness studies it). Re-reads packages from --datasets and --data, never runs them."})
    Integer adversarialPercent;

    @Option(names = "--adversarial-sample", paramLabel = "N", defaultValue = "50", description = "Training malware attacked per training part; default: ${DEFAULT-VALUE}.")
    int adversarialSample;

    @Option(names = "--adversarial-seed", paramLabel = "S", defaultValue = "1", description = "Seed of the sample, the attack and the obfuscation (fang robustness's default, so its cached attacks are reused); default: ${DEFAULT-VALUE}.")
    long adversarialSeed;

    @Option(names = "--raw-tokens", description = "The dataset was built with fang dataset build --raw-tokens: adversarial rows are featurized the same way.")
    boolean rawTokens;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "data/work/robustness-cache", description = "Attacks and obfuscations kept between runs (shared with fang robustness); default: ${DEFAULT-VALUE}.")
    Path cache;

    @Option(names = "--threads", paramLabel = "N", description = "Attacks run at once (default: all cores).")
    Integer threads;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Dataset read = Dataset.read(dataset);
        Set<String> unlearned = unlearned(withoutFamilies, read.featureNames());
        Predicate<String> zeroed = name -> unlearned.contains(name) || (monotone && !MonotoneFeatures.growsWithCode(name));
        Dataset rows = read.withFeaturesZeroed(zeroed);
        TrainingConfig training = monotone ? TrainingConfig.defaults().withMonotoneConstraints(MonotoneFeatures.constraints(rows.featureNames()))
                : trainingConfig(monotoneFamilies, monotoneFeatures, rows.featureNames());
        training = training.withFeatureCaps(scopedCaps(caps, rows.featureNames()));
        out.printf("training on %d packages, %d features (%s) ...%n", rows.rows().size(), rows.featureNames().size(), rows.catalogueVersion());
        out.flush();
        if (adversarialPercent == null) {
            return report(out, rows, train(rows, new Trainer(training)));
        }
        try (MalwareCollection registry = corpus.openRegistry()) {
            Map<String, PackageSource.Loader> packages = corpus.packages(read, registry, options.load().archiveLimits());
            PackageFeaturizer featurizer = rawTokens ? PackageFeaturizer.rawTokens() : new PackageFeaturizer();
            Set<String> ignored = read.featureNames().stream().filter(zeroed).collect(Collectors.toSet());
            AdversarialTraining adversarial = new AdversarialTraining(new FeatureSpace(rawTokens ? "raw-tokens" : "default", read, ignored,
                    pkg -> featurizer.featurize(pkg).values()), packages, cache, adversarialSeed, adversarialSample, adversarialPercent,
                    StudyConfig.DEFAULT_OBFUSCATION_PROBABILITY, threads == null ? Runtime.getRuntime().availableProcessors() : threads, System.out);
            out.printf("adversarial training: %d of the packages re-readable; %s%n", packages.size(), adversarial.description());
            out.flush();
            TrainAndEvaluate.Outcome outcome = train(rows, new Trainer(training).withAugmentation(adversarial));
            adversarial.skipped().forEach(line -> out.printf("skipped: %s%n", line));
            return report(out, rows, outcome);
        }
    }

    private TrainAndEvaluate.Outcome train(Dataset rows, Trainer trainer) throws IOException {
        return TrainAndEvaluate.run(rows, trainer, EvaluationConfig.defaults(), evaluateOnly ? null : modelDir, report, !noTimeSplit, !allowShortcuts);
    }

    private int report(PrintWriter out, Dataset rows, TrainAndEvaluate.Outcome outcome) throws IOException {
        out.printf("model %s%s; report %s%n", outcome.training().info().modelId(), evaluateOnly ? " (not written)" : " written to " + modelDir, report);
        if (scores != null) {
            List<Holdout> holdouts = new ArrayList<>(List.of(outcome.training().outOfFold()));
            if (outcome.timeSplit() != null) {
                holdouts.add(outcome.timeSplit());
            }
            HeldOutScores.write(scores, rows, holdouts);
            out.printf("held-out scores written to %s%n", scores);
        }
        return 0;
    }

    /**
     * The default training, with the score non-decreasing in the growing features of {@code monotoneFamilies} and in the
     * features named by {@code monotoneFeatures} (names without scope prefix), if any.
     */
    static TrainingConfig trainingConfig(List<String> monotoneFamilies, List<String> monotoneFeatures, List<String> featureNames) {
        Set<String> constrained = families(monotoneFamilies).stream().flatMap(family -> FeatureCatalogue.family(family).stream())
                .map(Feature::name).collect(Collectors.toSet());
        for (String base : isNone(monotoneFeatures) ? List.<String>of() : monotoneFeatures) {
            List<String> scoped = featureNames.stream().filter(name -> MonotoneFeatures.baseName(name).equals(base.strip())).toList();
            if (scoped.isEmpty()) {
                throw new IllegalArgumentException("no feature named '" + base + "' in any scope");
            }
            constrained.addAll(scoped);
        }
        return constrained.isEmpty() ? TrainingConfig.defaults()
                : TrainingConfig.defaults().withMonotoneConstraints(MonotoneFeatures.constraints(featureNames, constrained::contains));
    }

    /** Caps {@code NAME=N} named without scope prefix, as caps of every scope's feature of that name; {@code none} for none. */
    static Map<String, Double> scopedCaps(List<String> caps, List<String> featureNames) {
        Map<String, Double> scoped = new LinkedHashMap<>();
        for (String cap : isNone(caps) ? List.<String>of() : caps) {
            String[] nameAndValue = cap.split("=", 2);
            if (nameAndValue.length != 2) {
                throw new IllegalArgumentException("a cap is NAME=N, not '" + cap + "'");
            }
            String base = nameAndValue[0].strip();
            double value = Double.parseDouble(nameAndValue[1].strip());
            List<String> names = featureNames.stream().filter(name -> MonotoneFeatures.baseName(name).equals(base)).toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no feature named '" + base + "' in any scope");
            }
            names.forEach(name -> scoped.put(name, value));
        }
        return scoped;
    }

    /**
     * Which of {@code featureNames} a model does not learn from: those of the left-out families, and those that tell an installed tree from
     * an sdist (file counts, compiled extensions) — the malicious samples are all sdists, so such a feature would fake a
     * great score and fail in production.
     */
    static Set<String> unlearned(List<String> withoutFamilies, List<String> featureNames) {
        Set<String> ablated = families(withoutFamilies).stream().flatMap(family -> FeatureCatalogue.family(family).stream())
                .map(Feature::name).collect(Collectors.toSet());
        return featureNames.stream().filter(name -> ShortcutGuard.isLayoutFeature(name) || ablated.contains(name))
                .collect(Collectors.toSet());
    }

    /** Whether an option's list is the word {@code none}: nothing at all, not the default. */
    static boolean isNone(List<String> names) {
        return names.equals(List.of("none"));
    }

    static List<Family> families(List<String> names) {
        if (isNone(names)) {
            return List.of();
        }
        List<Family> families = new ArrayList<>();
        for (String name : names) {
            families.add(Arrays.stream(Family.values()).filter(family -> family.id().equals(name.strip().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no feature family '" + name + "'; families: "
                            + Arrays.stream(Family.values()).map(Family::id).collect(Collectors.joining(", ")) + ", or none")));
        }
        return families;
    }

    @Command(name = "evaluate", description = "Cross-validate on a dataset and write the out-of-fold evaluation report (no model written).")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "data/work/dataset", description = "Dataset directory; default: ${DEFAULT-VALUE}.")
        Path dataset;

        @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/evaluation.md", description = "Evaluation report; default: ${DEFAULT-VALUE}.")
        Path report;

        @Option(names = "--no-time-split", description = "Skip the time split.")
        boolean noTimeSplit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TrainCommand train = new TrainCommand();
            train.dataset = dataset;
            train.report = report;
            train.noTimeSplit = noTimeSplit;
            train.evaluateOnly = true;
            train.allowShortcuts = true;
            train.spec = spec;
            return train.call();
        }
    }
}
