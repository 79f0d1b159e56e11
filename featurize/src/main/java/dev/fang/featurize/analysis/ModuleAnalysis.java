package dev.fang.featurize.analysis;

import dev.fang.featurize.parser.ParsedFile;
import dev.fang.featurize.parser.PyLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one Python file does, as far as it can be known without running it: its API references resolved to
 * canonical names, its string constants after folding and decoding, its classes, and the code it hides in
 * constants (parsed recursively, bounded).
 *
 * @param parsed       the file as parsed (tokens, tree, parse report)
 * @param encodedTexts the texts of the file as written that may hold base64 or hex, after folding
 * @param imports      the import statements that run when the file runs, in the file as written
 * @param flowSites    calls whose arguments, followed within their function, say what they do ({@link FlowSite})
 * @param constants    the module's names bound to a string or bytes value once it has run, as other modules of its
 *                     package import them ({@code from .config import KEY}); bounded in count and size
 * @param truncated    a limit (time, size, decoding depth, payload size) cut the analysis short
 */
public record ModuleAnalysis(ParsedFile parsed, List<ApiUse> apiUses, List<StringConstant> strings, List<ClassDef> classes,
                             List<DecodedPayload> payloads, List<EncodedText> encodedTexts, List<ModuleImport> imports,
                             List<FlowSite> flowSites, Map<String, PyLiterals.Literal> constants, boolean truncated) {
    /** Longest snippet kept as evidence. */
    public static final int SNIPPET_CHARS = 160;

    public ModuleAnalysis {
        apiUses = List.copyOf(apiUses);
        strings = List.copyOf(strings);
        classes = List.copyOf(classes);
        payloads = List.copyOf(payloads);
        encodedTexts = List.copyOf(encodedTexts);
        imports = List.copyOf(imports);
        flowSites = List.copyOf(flowSites);
        constants = Map.copyOf(constants);
    }

    /**
     * What runs when the module is imported (as a setup script's import runs it at install time): this analysis
     * without the bodies of functions that running code never names ({@link ImportTimeView}).
     */
    public ModuleAnalysis runningOnImport() {
        return ImportTimeView.of(this);
    }

    /**
     * An analysis that does not fold (the raw-tokens analyzer, a fallback on failure): its encoded texts are its
     * literals as written, and it knows no imports and follows no values.
     */
    public ModuleAnalysis(ParsedFile parsed, List<ApiUse> apiUses, List<StringConstant> strings, List<ClassDef> classes,
                          List<DecodedPayload> payloads, boolean truncated) {
        this(parsed, apiUses, strings, classes, payloads, asWritten(strings), List.of(), List.of(), Map.of(), truncated);
    }

    private static List<EncodedText> asWritten(List<StringConstant> strings) {
        List<EncodedText> out = new ArrayList<>();
        for (StringConstant s : strings) {
            if (!s.decoded() && s.depth() == 0 && s.value() != null && s.value().length() >= EncodedText.MIN_CHARS) {
                out.add(new EncodedText(s.value(), false, null, s.line(), s.snippet()));
            }
        }
        return out;
    }
}
