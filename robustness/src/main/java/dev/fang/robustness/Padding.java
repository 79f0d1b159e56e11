package dev.fang.robustness;

import dev.fang.featurize.features.PackageContents;
import dev.fang.featurize.features.SourceFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Padding: dead code and decoy files. Each Python file gets, with the given probability, an uncalled function
 * of one {@link DeadCode} kind, at its end or where imports go; and with the same probability the package
 * gets one new file next to an existing module, either empty or a decoy module of dead code. Nothing
 * imports the new files and nothing calls the new functions, so behaviour is unchanged.
 */
final class Padding implements Transformation {
    static final String NAME = "padding";

    /** The single moves of the greedy attack: one kind of dead code into one file, or one new file. */
    record Move(String name, DeadCode code, boolean intoSetupPy, boolean newFile) { }

    static List<Move> moves() {
        List<Move> moves = new ArrayList<>();
        for (DeadCode code : DeadCode.values()) {
            moves.add(new Move(code.name().toLowerCase() + "-in-setup.py", code, true, false));
            moves.add(new Move(code.name().toLowerCase() + "-in-module", code, false, false));
            moves.add(new Move(code.name().toLowerCase() + "-new-file", code, false, true));
        }
        moves.add(new Move("empty-new-file", null, false, true));
        return moves;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PackageContents apply(PackageContents pkg, double probability, long seed) {
        List<SourceFile> sources = new ArrayList<>();
        for (SourceFile file : pkg.sources()) {
            Chance chance = Chance.of(seed, NAME, file.path(), probability);
            sources.add(chance.take() ? padded(file, chance.pick(List.of(DeadCode.values())), chance) : file);
        }
        PackageContents padded = new PackageContents(pkg.name(), pkg.version(), pkg.paths(), sources);
        Chance chance = Chance.of(seed, NAME, "", probability);
        if (chance.take()) {
            return withNewFile(padded, chance.coin() ? null : chance.pick(List.of(DeadCode.values())), chance);
        }
        return padded;
    }

    /** Applies one attack move; the package is unchanged if the move has no file to go into. */
    static PackageContents apply(PackageContents pkg, Move move, long seed) {
        Chance chance = Chance.of(seed, NAME + "/" + move.name(), "", 1.0);
        if (move.newFile()) {
            return withNewFile(pkg, move.code(), chance);
        }
        List<SourceFile> targets = pkg.sources().stream()
                .filter(file -> PythonModule.isPython(file.path()) && isSetupPy(file.path()) == move.intoSetupPy())
                .toList();
        if (targets.isEmpty()) {
            return pkg;
        }
        SourceFile target = chance.pick(targets);
        List<SourceFile> sources = new ArrayList<>(pkg.sources());
        sources.set(sources.indexOf(target), padded(target, move.code(), chance));
        return new PackageContents(pkg.name(), pkg.version(), pkg.paths(), sources);
    }

    static boolean isSetupPy(String path) {
        return path.equals("setup.py") || path.endsWith("/setup.py");
    }

    private static SourceFile padded(SourceFile file, DeadCode code, Chance chance) {
        if (!PythonModule.isPython(file.path())) {
            return file;
        }
        Optional<PythonModule> parsed = PythonModule.parse(file.path(), file.content());
        if (parsed.isEmpty()) {
            return file;
        }
        PythonModule module = parsed.get();
        String text = module.text();
        String function = code.function(chance, new HashSet<>(Syntax.allNames(module.tree())));
        Edits edits = new Edits();
        Optional<Integer> top = module.importSite();
        if (top.isPresent() && chance.coin()) {
            edits.insert(top.get(), function);
        } else {
            edits.insert(text.length(), text.isEmpty() || text.endsWith("\n") ? function : "\n" + function);
        }
        return new SourceFile(file.path(), edits.applyTo(text).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a module next to an existing one: empty when {@code code} is null, else dead code of that kind. */
    private static PackageContents withNewFile(PackageContents pkg, DeadCode code, Chance chance) {
        List<String> modules = pkg.sources().stream().map(SourceFile::path)
                .filter(path -> PythonModule.isPython(path) && !isSetupPy(path)).toList();
        List<String> candidates = modules.isEmpty() ? pkg.sources().stream().map(SourceFile::path).toList() : modules;
        String neighbour = candidates.isEmpty() ? "" : chance.pick(candidates);
        Set<String> taken = PythonModule.fileStems(pkg.paths());
        String path = PythonModule.directoryOf(neighbour) + chance.identifier(taken) + ".py";
        String content = code == null ? "" : code.function(chance, taken).strip() + "\n";
        List<String> paths = new ArrayList<>(pkg.paths());
        paths.add(path);
        List<SourceFile> sources = new ArrayList<>(pkg.sources());
        sources.add(new SourceFile(path, content.getBytes(StandardCharsets.UTF_8)));
        return new PackageContents(pkg.name(), pkg.version(), paths, sources);
    }
}
