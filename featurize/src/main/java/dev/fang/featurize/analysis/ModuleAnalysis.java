package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.ParsedFile;
import java.util.List;

/**
 * What one Python file does, as far as it can be known without running it: its API references resolved to
 * canonical names, its string constants after folding and decoding, its classes, and the code it hides in
 * constants (parsed recursively, bounded).
 *
 * @param parsed     the file as parsed (tokens, tree, parse report)
 * @param truncated  a limit (time, size, decoding depth, payload size) cut the analysis short
 */
public record ModuleAnalysis(ParsedFile parsed, List<ApiUse> apiUses, List<StringConstant> strings, List<ClassDef> classes,
                             List<DecodedPayload> payloads, boolean truncated) {
    /** Longest snippet kept as evidence. */
    public static final int SNIPPET_CHARS = 160;

    public ModuleAnalysis {
        apiUses = List.copyOf(apiUses);
        strings = List.copyOf(strings);
        classes = List.copyOf(classes);
        payloads = List.copyOf(payloads);
    }
}
