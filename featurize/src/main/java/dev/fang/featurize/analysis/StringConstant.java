package dev.fang.featurize.analysis;

import java.util.List;

/**
 * A string value known without running the code: a literal, or an expression over constants folded to
 * its value ({@code 'o' + 's'}, {@code ''.join([...])}, {@code base64.b64decode('...')}, {@code bytes([...])}).
 *
 * @param value      the value; bytes as one char per byte (ISO-8859-1)
 * @param transforms what was undone to get it, outermost last ({@code ["base64", "zlib"]}); empty for a literal
 *                   or a plain concatenation of literals
 * @param line       line in the file on disk
 * @param snippet    the expression as written, at most {@link ModuleAnalysis#SNIPPET_CHARS} characters
 * @param depth      0 for code as written, more for code decoded from constants (see {@link ApiUse#depth})
 */
public record StringConstant(String value, List<String> transforms, int line, String snippet, int depth) {
    public StringConstant {
        transforms = List.copyOf(transforms);
    }

    public boolean decoded() {
        return !transforms.isEmpty();
    }
}
