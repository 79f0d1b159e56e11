package dev.fang.training.dataset;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Small and tiny benign packages carved out of real benign projects: the project's build files (if any) plus one
 * to three of its small modules, each with its package's {@code __init__.py}; or a single module of a few lines.
 *
 * <p>Why: most malware is small (one {@code setup.py}, a short {@code __init__.py}) while the benign corpus is
 * mostly whole Debian projects, so a model can learn "small code ⇒ malicious" — and then flags every tiny honest
 * package on PyPI. Slices are real benign code at malware's size, so size alone stops separating the classes and
 * the model has to look at what the code does. A slice keeps its project's group, so it never sits on the other
 * side of a fold from its project. Slices train models only: evaluation and calibration use packages as
 * published ({@link DatasetRow#derived()}).
 */
public final class BenignSlices {
    /** A module larger than this is not "small"; most malware files are well below it. */
    static final int MAX_MODULE_BYTES = 12_000;
    static final int MAX_MODULES = 3;
    /** The size of a one-function package. */
    static final int TINY_MODULE_BYTES = 2_000;
    private static final Set<String> BUILD_FILES = Set.of("setup.py", "setup.cfg", "pyproject.toml");

    private BenignSlices() {
    }

    /**
     * Two slices of each Debian package (binary or source): a small package (build files plus one to three small
     * modules, {@link #slice}) and a tiny one (a single module of at most {@value #TINY_MODULE_BYTES} bytes, with the
     * build files half the time, {@link #tiny}). Other kinds are already small units, or malicious. Both slices read
     * the package once.
     */
    public static List<PackageSource> of(List<PackageSource> sources) {
        List<PackageSource> slices = new ArrayList<>();
        for (PackageSource source : sources) {
            DatasetRow row = source.row();
            if (row.label() != 0 || !row.kind().startsWith("debian-")) {
                continue;
            }
            long seed = row.id().hashCode();
            SharedLoad whole = new SharedLoad(source.loader());
            slices.add(new PackageSource(sliceRow("slice:", row, ":slice1"), () -> slice(whole.load(), seed)));
            slices.add(new PackageSource(sliceRow("tiny:", row, ":tiny1"), () -> tiny(whole.load(), seed)));
        }
        return slices;
    }

    private static DatasetRow sliceRow(String idPrefix, DatasetRow whole, String cacheSuffix) {
        return new DatasetRow(idPrefix + whole.id(), 0, whole.group(), DatasetRow.SLICE_KIND, "", "", whole.sha256() + cacheSuffix, 0);
    }

    /**
     * The small slice of one package, the same for the same seed.
     *
     * @throws IllegalArgumentException when the package has no small module to carve out
     */
    static PackageContents slice(PackageContents whole, long seed) {
        List<SourceFile> candidates = modulesUpTo(whole, MAX_MODULE_BYTES);
        Random random = new Random(seed);
        Set<String> chosen = new LinkedHashSet<>(shallowestBuildFiles(whole));
        List<SourceFile> pool = new ArrayList<>(candidates);
        int modules = 1 + random.nextInt(MAX_MODULES);
        for (int i = 0; i < modules && !pool.isEmpty(); i++) {
            String module = pool.remove(random.nextInt(pool.size())).path();
            chosen.add(module);
            String initFile = parent(module) + "__init__.py";
            if (candidates.stream().anyMatch(file -> file.path().equals(initFile))) {
                chosen.add(initFile);
            }
        }
        return subset(whole, chosen);
    }

    /**
     * The tiny slice of one package, the same for the same seed: one module of at most {@value #TINY_MODULE_BYTES}
     * bytes, plus the build files for every other seed — the size of a one-function package on PyPI.
     *
     * @throws IllegalArgumentException when the package has no module that small
     */
    static PackageContents tiny(PackageContents whole, long seed) {
        List<SourceFile> candidates = modulesUpTo(whole, TINY_MODULE_BYTES);
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> chosen = new LinkedHashSet<>();
        if (random.nextBoolean()) {
            chosen.addAll(shallowestBuildFiles(whole));
        }
        chosen.add(candidates.get(random.nextInt(candidates.size())).path());
        return subset(whole, chosen);
    }

    private static List<SourceFile> modulesUpTo(PackageContents whole, int maxBytes) {
        List<SourceFile> modules = whole.sources().stream()
                .filter(file -> isModule(file.path()) && file.content().length <= maxBytes)
                .sorted(Comparator.comparing(SourceFile::path))
                .toList();
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("no module of at most " + maxBytes + " bytes to carve a slice from");
        }
        return modules;
    }

    private static PackageContents subset(PackageContents whole, Set<String> paths) {
        List<SourceFile> files = whole.sources().stream().filter(file -> paths.contains(file.path())).toList();
        return new PackageContents(whole.name(), whole.version(), files.stream().map(SourceFile::path).toList(), files);
    }

    /**
     * A package read once for several slices: the builder featurizes in parallel, so slices of one package are usually
     * in flight together; the first loads it, the others wait and share it. Softly held: a slice whose features are
     * cached never asks, so nothing knows when the last one is done, and memory pressure must be able to drop it.
     */
    private static final class SharedLoad {
        private final PackageSource.Loader loader;
        private SoftReference<PackageContents> contents = new SoftReference<>(null);

        SharedLoad(PackageSource.Loader loader) {
            this.loader = loader;
        }

        synchronized PackageContents load() throws Exception {
            PackageContents loaded = contents.get();
            if (loaded == null) {
                loaded = loader.load();
                contents = new SoftReference<>(loaded);
            }
            return loaded;
        }
    }

    /** The build files at the shallowest depth they occur: the project root of an sdist, none for an installed tree. */
    private static List<String> shallowestBuildFiles(PackageContents whole) {
        List<String> build = whole.sources().stream().map(SourceFile::path).filter(path -> BUILD_FILES.contains(fileName(path))).toList();
        int depth = build.stream().mapToInt(BenignSlices::depth).min().orElse(0);
        return build.stream().filter(path -> depth(path) == depth).toList();
    }

    /** A Python module that is not a build file or a test: a test suite is not what a small published package ships. */
    static boolean isModule(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = fileName(lower);
        if (!lower.endsWith(".py") || BUILD_FILES.contains(name) || name.startsWith("test_") || name.endsWith("_test.py")
                || name.equals("conftest.py")) {
            return false;
        }
        for (String segment : lower.split("/")) {
            if (segment.equals("test") || segment.equals("tests") || segment.equals("testing")) {
                return false;
            }
        }
        return true;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }
}
