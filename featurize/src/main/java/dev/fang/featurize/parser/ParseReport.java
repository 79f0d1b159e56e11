package dev.fang.featurize.parser;

import java.util.List;

/**
 * How well one file parsed.
 *
 * @param charset                 charset the bytes were decoded with
 * @param declaredEncoding        PEP 263 coding cookie as written, or null
 * @param undecodableBytes        bytes replaced by U+FFFD because they did not decode
 * @param codeLines               physical lines holding at least one token
 * @param cleanCodeLines          of those, lines not touched by a syntax error, error recovery or a limit
 * @param topLevelStatements      top-level statements (a decorated definition counts once)
 * @param cleanTopLevelStatements of those, statements parsed without any error
 * @param syntaxErrors            syntax errors reported by the parser plus problems repaired by the lexer
 * @param firstErrors             the first few of them, in file order
 * @param tokenCount              tokens handed to the parser
 * @param recovered               the fast strict parse failed and the error-recovering parse was used
 * @param inputTruncated          the file was larger than the size limit; only its beginning was parsed
 * @param tokenLimitHit           lexing stopped at the token limit; the rest of the file was not parsed
 * @param timedOut                parsing stopped at the time limit; later statements are missing
 * @param nestingLimitHit         logical lines nested deeper than the bracket limit were dropped
 * @param stackOverflow           some statement was too deeply nested to parse and was dropped
 */
public record ParseReport(
        String charset,
        String declaredEncoding,
        int undecodableBytes,
        int codeLines,
        int cleanCodeLines,
        int topLevelStatements,
        int cleanTopLevelStatements,
        int syntaxErrors,
        List<SyntaxIssue> firstErrors,
        int tokenCount,
        boolean recovered,
        boolean inputTruncated,
        boolean tokenLimitHit,
        boolean timedOut,
        boolean nestingLimitHit,
        boolean stackOverflow) {

    public ParseReport {
        firstErrors = List.copyOf(firstErrors);
    }

    /** Fraction of code lines parsed cleanly, in [0, 1]; 1 for a file without code. */
    public double quality() {
        return codeLines == 0 ? 1.0 : (double) cleanCodeLines / codeLines;
    }

    /** Fraction of top-level statements parsed without error, in [0, 1]; 1 for a file without statements. */
    public double statementQuality() {
        return topLevelStatements == 0 ? 1.0 : (double) cleanTopLevelStatements / topLevelStatements;
    }

    /** A limit cut the work short: some of the file is missing from the tree. */
    public boolean partial() {
        return inputTruncated || tokenLimitHit || timedOut || nestingLimitHit || stackOverflow;
    }

    /** Parsed completely and without any error. */
    public boolean clean() {
        return syntaxErrors == 0 && !partial();
    }
}
