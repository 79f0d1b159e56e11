package dev.fang.app;

import dev.fang.featurize.features.FeatureCatalogue;
import dev.fang.featurize.features.PackageFeaturizer;
import dev.fang.robustness.experiment.FeatureSpace;
import dev.fang.robustness.experiment.RobustnessReport;
import dev.fang.robustness.experiment.RobustnessStudy;
import dev.fang.robustness.experiment.StudyConfig;
import dev.fang.robustness.experiment.StudyResult;
import dev.fang.training.dataset.Dataset;
import dev.fang.training.dataset.MalwareCollection;
import dev.fang.training.dataset.PackageSource;
import dev.fang.training.model.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "robustness", description = {
        "The robustness experiment: per group fold, a base model and adversarially trained models (the most evasive p%% of",
        "attacked training malware plus as many obfuscated training benign packages), each measured clean, under the",
        "greedy attack, and on obfuscated held-out benign packages. Writes a JSON file and a Markdown report with plots.",
        "Packages are re-read from the collection and the benign corpus in memory and never run; attacks are cached."})
final class RobustnessCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--dataset", paramLabel = "DIR", defaultValue = "data/work/dataset", description = "Dataset directory; default: ${DEFAULT-VALUE}.")
    Path dataset;

    @Mixin
    CorpusOptions corpus;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "40", description = "Test malware attacked per fold and model; default: ${DEFAULT-VALUE}.")
    int testSample;

    @Option(names = "--at-sample", paramLabel = "N", defaultValue = "100", description = "Training malware attacked per fold for adversarial training; default: ${DEFAULT-VALUE}.")
    int atSample;

    @Option(names = "--benign-sample", paramLabel = "N", defaultValue = "40", description = "Held-out benign packages obfuscated per fold; default: ${DEFAULT-VALUE}.")
    int benignSample;

    @Option(names = "--at-percent", paramLabel = "P", split = ",", defaultValue = "20",
            description = "Adversarially trained models, each with the most evasive P%% of the attacked training sample (e.g. 10,20,50,100); default: ${DEFAULT-VALUE}.")
    List<Integer> atPercents;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the samples, the attack and the obfuscation; default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--probability", paramLabel = "P", defaultValue = "" + StudyConfig.DEFAULT_OBFUSCATION_PROBABILITY, description = "Obfuscation probability per occurrence (as fang obfuscate); default: ${DEFAULT-VALUE}.")
    double probability;

    @Option(names = "--threads", paramLabel = "N", description = "Attacks and trainings run at once (default: all cores).")
    Integer threads;

    @Option(names = "--without-family", paramLabel = "FAMILY", split = ",",
            description = "Feature families not learned from, as fang train (default: shape,operators,entropy; 'none' learns from all).")
    List<String> withoutFamilies = new ArrayList<>(TrainCommand.DEFAULT_WITHOUT);

    @Option(names = "--monotone-family", paramLabel = "FAMILY", split = ",",
            description = "As fang train: the score non-decreasing in these families' features that grow with code (e.g. iocs,suspicious_strings).")
    List<String> monotoneFamilies = new ArrayList<>();

    @Option(names = "--monotone-feature", paramLabel = "NAME", split = ",",
            description = "As fang train: the score non-decreasing in these features, named without scope prefix; 'none' for none (default: url_distinct,ip_public_distinct).")
    List<String> monotoneFeatures = new ArrayList<>(TrainCommand.DEFAULT_MONOTONE);

    @Option(names = "--cap", paramLabel = "NAME=N", split = ",",
            description = "As fang train: cap these features' training values, named without scope prefix; 'none' for none (default: the string-obfuscation counts at 0).")
    List<String> caps = new ArrayList<>(TrainCommand.DEFAULT_CAPS);

    @Option(names = "--raw-dataset", paramLabel = "DIR",
            description = "Also study models of the raw-tokens featurizer (the seed's approach, no deobfuscation) on this dataset (fang dataset build --raw-tokens).")
    Path rawDataset;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = "data/work/robustness-cache", description = "Attack and obfuscation results kept between runs; default: ${DEFAULT-VALUE}.")
    Path cache;

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "docs/robustness.md", description = "Markdown report (plots beside it); default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "docs/robustness/results.json", description = "Every number and package; default: ${DEFAULT-VALUE}.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Dataset rows = readCurrent(dataset);
        int parallelism = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        StudyConfig config = new StudyConfig(seed, testSample, atSample, atPercents, benignSample, probability, parallelism);
        PackageFeaturizer featurizer = new PackageFeaturizer();
        List<FeatureSpace> spaces = new ArrayList<>();
        spaces.add(new FeatureSpace("default", rows, TrainCommand.unlearned(withoutFamilies, rows.featureNames()), pkg -> featurizer.featurize(pkg).values()));
        if (rawDataset != null) {
            Dataset raw = readCurrent(rawDataset);
            PackageFeaturizer rawTokens = PackageFeaturizer.rawTokens();
            spaces.add(new FeatureSpace("raw-tokens", raw, TrainCommand.unlearned(withoutFamilies, raw.featureNames()), pkg -> rawTokens.featurize(pkg).values()));
        }
        TrainingConfig training = TrainCommand.trainingConfig(monotoneFamilies, monotoneFeatures, rows.featureNames())
                .withFeatureCaps(TrainCommand.scopedCaps(caps, rows.featureNames()));
        try (MalwareCollection registry = corpus.openRegistry()) {
            Map<String, PackageSource.Loader> packages = corpus.packages(rows, registry, options.load().archiveLimits());
            out.printf("robustness study on %s: %d packages, %d of them re-readable; %d thread(s)%n", dataset, rows.rows().size(), packages.size(), parallelism);
            out.flush();
            PrintStream progress = System.out;
            StudyResult result = new RobustnessStudy(training, config, packages, cache, progress).run(spaces);
            RobustnessReport.Run run = new RobustnessReport.Run(commandLine(), machine(),
                    String.format(Locale.ROOT, "`%s`: %d packages (%d malicious), catalogue `%s`", dataset, rows.rows().size(),
                            rows.rows().stream().filter(r -> r.label() == 1).count(), rows.catalogueVersion()),
                    String.format(Locale.ROOT, "as `fang train`: %d group folds (seed %d), %d hyper-parameter combinations, without %s%s%s%s",
                            training.folds(), training.seed(), training.grid().size(), String.join(",", withoutFamilies),
                            monotoneFamilies.isEmpty() ? "" : ", score non-decreasing in the growing features of " + String.join(",", monotoneFamilies),
                            monotoneFeatures.isEmpty() || TrainCommand.isNone(monotoneFeatures) ? "" : ", score non-decreasing in " + String.join(",", monotoneFeatures),
                            TrainCommand.isNone(caps) ? "" : ", training values capped: " + String.join(",", caps)));
            RobustnessReport.writeJson(result, run, json);
            RobustnessReport.writeMarkdown(result, run, report);
            out.printf(Locale.ROOT, "done in %.1f min: %d attacks run (%.1f s each), %d from the cache; report %s, results %s%n",
                    result.seconds() / 60, result.attacksRun(), result.meanAttackSeconds(), result.attacksCached(), report, json);
        }
        return 0;
    }

    private static Dataset readCurrent(Path dir) throws IOException {
        Dataset rows = Dataset.read(dir);
        if (!rows.catalogueVersion().equals(FeatureCatalogue.VERSION)) {
            throw new IllegalArgumentException(dir + " was featurized with " + rows.catalogueVersion() + ", this build featurizes with "
                    + FeatureCatalogue.VERSION + ": rebuild it with fang dataset build");
        }
        return rows;
    }

    private String commandLine() {
        // The parse result is the whole command line, subcommand name included.
        return "bin/fang " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private static String machine() {
        return String.format(Locale.ROOT, "%d cores, %s %s (%s), Java %s", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }
}
