package dev.fang.featurize.parser;

import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Result of {@link PythonFrontEnd#parse}: never null, never partial without saying so.
 *
 * @param fileName name given by the caller: its path in the package (in messages, and to tell a setup script)
 * @param text     decoded source text with LF line endings (what line and column numbers refer to)
 * @param tree     syntax tree of every statement that could be parsed; statements with errors contain ANTLR
 *                 error nodes; empty (but not null) when nothing could be parsed
 * @param tokens   tokens seen by the parser, comments included on the hidden channel, in file order
 * @param report   parse quality and limits hit
 * @param whitespaceChars spaces, tabs, line feeds and form feeds in {@code text}
 */
public record ParsedFile(
        String fileName,
        String text,
        PythonParser.File_inputContext tree,
        List<Token> tokens,
        ParseReport report,
        int whitespaceChars) {
}
