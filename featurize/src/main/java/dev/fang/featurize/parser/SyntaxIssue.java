package dev.fang.featurize.parser;

/** A syntax error (or a lexical problem the lexer repaired) at a 1-based line and 0-based column. */
public record SyntaxIssue(int line, int column, String message) {
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
