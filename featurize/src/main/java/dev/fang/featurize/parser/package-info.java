/**
 * Fang's Python 3.12 front end: our own ANTLR 4 grammar ({@code PythonLexer.g4}, {@code PythonParser.g4}),
 * the stateful lexer base {@link dev.fang.featurize.parser.PythonLexerBase}, the never-throwing facade
 * {@link dev.fang.featurize.parser.PythonFrontEnd} and the fact extractor
 * {@link dev.fang.featurize.parser.PythonExtractor}.
 *
 * <p>F-strings are tokenized PEP 701 style ({@code FSTRING_START}, {@code FSTRING_MIDDLE}, replacement fields,
 * {@code FSTRING_END}), so the expressions inside {@code {}} are ordinary subtrees of the syntax tree
 * ({@code fstring_replacement_field}); there is no separate re-parse step.
 */
package dev.fang.featurize.parser;
