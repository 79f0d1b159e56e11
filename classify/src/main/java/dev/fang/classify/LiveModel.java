package dev.fang.classify;

import dev.fang.training.calibration.Calibration;
import dev.fang.training.model.Model;
import dev.fang.training.model.ModelInfo;
import dev.fang.training.model.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in a model directory, kept current. {@link #refresh} notices a changed directory (any of its files
 * replaced, resized or touched), loads and validates the new model in full, and only then makes it
 * {@link #current}; a broken or half-written directory is logged once and the running model stays. Shared by the
 * stream tasks of an instance, which swap between two records.
 */
final class LiveModel {
    private static final Logger log = LoggerFactory.getLogger(LiveModel.class);
    private static final List<String> FILES = List.of(ModelInfo.FILE, TrainingResult.MODEL_FILE, Calibration.FILE);

    private final Path dir;
    private volatile Model current;
    private List<FileState> checked;

    private LiveModel(Path dir, Model current, List<FileState> checked) {
        this.dir = dir;
        this.current = current;
        this.checked = checked;
    }

    /** The model the directory holds now; a broken directory is an error here, as nothing could be scored. */
    static LiveModel open(Path dir) throws IOException {
        List<FileState> state = stateOf(dir);
        return new LiveModel(dir, loadValidated(dir), state);
    }

    Model current() {
        return current;
    }

    /** Swaps in the directory's model if the directory changed since the last check and its model is sound. */
    synchronized void refresh() {
        List<FileState> now = stateOf(dir);
        if (now.equals(checked)) {
            return;
        }
        Model candidate;
        try {
            candidate = loadValidated(dir);
        } catch (IOException | RuntimeException e) {
            checked = now;
            log.warn("model directory {} changed but holds no usable model; still scoring with {}: {}", dir, current.id(), e.getMessage());
            return;
        }
        if (!stateOf(dir).equals(now)) {
            // Written to while it was read: take it at a later check, once it has settled.
            candidate.close();
            return;
        }
        checked = now;
        Model previous = current;
        current = candidate;
        log.info("model {} from {} replaces {}", candidate.id(), dir, previous.id());
        // The previous model is not closed: a task on another stream thread may be judging a record with it right now,
        // and its trees are plain Java objects that go with the last reference.
    }

    /**
     * Loads a model directory and checks everything a verdict relies on: {@code model.txt} is the one
     * {@code model.json} describes and parses into trees over the listed features, the calibration table is
     * complete, and the model scores a vector.
     */
    private static Model loadValidated(Path dir) throws IOException {
        Model model = Model.load(dir);
        try {
            int expected = model.info().calibrationSize();
            if (expected == 0 || model.calibration().size() != expected) {
                throw new IOException(dir + ": " + Calibration.FILE + " holds " + model.calibration().size() + " scores, "
                        + ModelInfo.FILE + " promises " + expected);
            }
            double probe = model.score(new double[model.featureNames().size()]);
            if (!(probe >= 0 && probe <= 1)) {
                throw new IOException(dir + ": model " + model.id() + " scores an all-zero vector as " + probe);
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Size, modification time and identity (inode) of each model file: a rename, a rewrite or a touch changes it. */
    private record FileState(long size, FileTime modified, Object key) {
        static final FileState ABSENT = new FileState(-1, FileTime.fromMillis(0), null);
    }

    private static List<FileState> stateOf(Path dir) {
        List<FileState> state = new ArrayList<>();
        for (String file : FILES) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(dir.resolve(file), BasicFileAttributes.class);
                state.add(new FileState(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey()));
            } catch (NoSuchFileException e) {
                state.add(FileState.ABSENT);
            } catch (IOException e) {
                // Unreadable now is a state of its own; loading will say why.
                state.add(new FileState(-2, FileTime.fromMillis(0), e.getMessage()));
            }
        }
        return state;
    }
}
