package dev.fang.featurize.analysis;

import java.util.List;

/**
 * A constant that decoded to Python code and was parsed in turn. Its API uses, strings and classes are
 * merged into the enclosing {@link ModuleAnalysis} with a greater depth.
 *
 * @param transforms how it was decoded ({@code ["base64", "zlib"]})
 * @param line       line of the decoding site in the file on disk
 * @param snippet    the decoding expression as written
 * @param depth      1 for code decoded from the file as written, 2 for code decoded from that, ...
 * @param length     characters of decoded code
 * @param quality    parse quality of the decoded code (see {@code ParseReport.quality()})
 * @param speculative a decoded constant that looks like code but is not run in sight (by exec, eval or compile), or
 *                    code inside one: string obfuscation turns every code-like literal into one, while the same
 *                    literal written plainly is not analysed as code
 */
public record DecodedPayload(List<String> transforms, int line, String snippet, int depth, int length, double quality,
                             boolean speculative) {
    public DecodedPayload {
        transforms = List.copyOf(transforms);
    }
}
