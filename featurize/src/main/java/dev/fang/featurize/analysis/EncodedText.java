package dev.fang.featurize.analysis;

/**
 * A text that may hold base64 or hex: a string constant as the code holds it after folding (not the pieces,
 * reversal or re-encoding it was built from), or a text that a base-N or hex decoder consumed. Only texts of at
 * least {@link #MIN_CHARS} characters are reported.
 *
 * @param value     the text; bytes as one char per byte (ISO-8859-1)
 * @param computed  the text came from folding, not from a single literal as written
 * @param decodesTo what a base-N or hex decoder made of it, or null for a string no decoder consumed in sight
 * @param line      line of its expression in the file on disk
 * @param snippet   the expression as written, at most {@link ModuleAnalysis#SNIPPET_CHARS} characters
 */
public record EncodedText(String value, boolean computed, String decodesTo, int line, String snippet) {
    /** Shortest text that can hold a base64 run (40 characters) or a hex run (64 digits). */
    public static final int MIN_CHARS = 40;
}
