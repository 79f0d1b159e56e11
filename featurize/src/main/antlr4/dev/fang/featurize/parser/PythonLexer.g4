/*
 * Fang's own lexer for Python 3.12 source code.
 *
 * Written for Fang from the Python language reference (lexical analysis chapter); it is not derived from
 * any published ANTLR grammar.
 *
 * This grammar only describes the "raw" tokens: names, keywords, numbers, operators, comments, blanks and
 * physical line breaks. Everything that needs state lives in PythonLexerBase:
 *   - string literals of every form (prefixes, quotes, triple quotes) are scanned by hand,
 *   - f-strings are split PEP 701 style into FSTRING_START, FSTRING_MIDDLE, replacement fields, FSTRING_END,
 *   - NEWLINE / INDENT / DEDENT are derived from the physical line breaks, the bracket depth and an
 *     indentation stack; blank lines, comment-only lines and line breaks inside brackets are dropped.
 */
lexer grammar PythonLexer;

options { superClass = PythonLexerBase; }

// Produced only by PythonLexerBase.
tokens { NEWLINE, INDENT, DEDENT, STRING, FSTRING_START, FSTRING_MIDDLE, FSTRING_END }

// ---- hard keywords -------------------------------------------------------------------------------------
FALSE    : 'False' ;
NONE     : 'None' ;
TRUE     : 'True' ;
AND      : 'and' ;
AS       : 'as' ;
ASSERT   : 'assert' ;
ASYNC    : 'async' ;
AWAIT    : 'await' ;
BREAK    : 'break' ;
CLASS    : 'class' ;
CONTINUE : 'continue' ;
DEF      : 'def' ;
DEL      : 'del' ;
ELIF     : 'elif' ;
ELSE     : 'else' ;
EXCEPT   : 'except' ;
FINALLY  : 'finally' ;
FOR      : 'for' ;
FROM     : 'from' ;
GLOBAL   : 'global' ;
IF       : 'if' ;
IMPORT   : 'import' ;
IN       : 'in' ;
IS       : 'is' ;
LAMBDA   : 'lambda' ;
NONLOCAL : 'nonlocal' ;
NOT      : 'not' ;
OR       : 'or' ;
PASS     : 'pass' ;
RAISE    : 'raise' ;
RETURN   : 'return' ;
TRY      : 'try' ;
WHILE    : 'while' ;
WITH     : 'with' ;
YIELD    : 'yield' ;

// ---- soft keywords: the parser also accepts them wherever a plain name is allowed ----------------------
MATCH      : 'match' ;
CASE       : 'case' ;
TYPE       : 'type' ;
UNDERSCORE : '_' ;

// ---- operators and delimiters (longest first where one is a prefix of another) -----------------------
ELLIPSIS      : '...' ;
RARROW        : '->' ;
COLONEQUAL    : ':=' ;
POWER_ASSIGN  : '**=' ;
IDIV_ASSIGN   : '//=' ;
LSHIFT_ASSIGN : '<<=' ;
RSHIFT_ASSIGN : '>>=' ;
ADD_ASSIGN    : '+=' ;
SUB_ASSIGN    : '-=' ;
MULT_ASSIGN   : '*=' ;
AT_ASSIGN     : '@=' ;
DIV_ASSIGN    : '/=' ;
MOD_ASSIGN    : '%=' ;
AND_ASSIGN    : '&=' ;
OR_ASSIGN     : '|=' ;
XOR_ASSIGN    : '^=' ;
POWER         : '**' ;
IDIV          : '//' ;
LEFT_SHIFT    : '<<' ;
RIGHT_SHIFT   : '>>' ;
EQUALS        : '==' ;
NOT_EQUAL     : '!=' ;
LESS_EQUAL    : '<=' ;
GREATER_EQUAL : '>=' ;
LPAR          : '(' ;
RPAR          : ')' ;
LSQB          : '[' ;
RSQB          : ']' ;
LBRACE        : '{' ;
RBRACE        : '}' ;
COLON         : ':' ;
SEMI          : ';' ;
COMMA         : ',' ;
DOT           : '.' ;
ASSIGN        : '=' ;
PLUS          : '+' ;
MINUS         : '-' ;
STAR          : '*' ;
SLASH         : '/' ;
PERCENT       : '%' ;
AMPER         : '&' ;
VBAR          : '|' ;
CIRCUMFLEX    : '^' ;
TILDE         : '~' ;
LESS          : '<' ;
GREATER       : '>' ;
AT            : '@' ;
EXCLAMATION   : '!' ;   // only meaningful as the conversion marker inside an f-string replacement field

// ---- numbers ---------------------------------------------------------------------------------------------
NUMBER
    : IMAG_NUMBER
    | FLOAT_NUMBER
    | INT_NUMBER
    ;

fragment INT_NUMBER
    : [1-9] ('_'? DIGIT)*
    | '0'+ ('_'? '0')*
    | '0' [bB] ('_'? [01])+
    | '0' [oO] ('_'? [0-7])+
    | '0' [xX] ('_'? HEX_DIGIT)+
    ;
fragment FLOAT_NUMBER
    : DIGIT_PART? '.' DIGIT_PART EXPONENT?
    | DIGIT_PART '.' EXPONENT?
    | DIGIT_PART EXPONENT
    ;
fragment IMAG_NUMBER : (FLOAT_NUMBER | DIGIT_PART) [jJ] ;
fragment DIGIT_PART  : DIGIT ('_'? DIGIT)* ;
fragment EXPONENT    : [eE] [+-]? DIGIT_PART ;
fragment DIGIT       : [0-9] ;
fragment HEX_DIGIT   : [0-9a-fA-F] ;

// ---- names (PEP 3131: XID_Start XID_Continue*) -----------------------------------------------------------
NAME : [\p{XID_Start}_] [\p{XID_Continue}]* ;

// ---- layout: PythonLexerBase consumes these and decides what reaches the parser ---------------------------
LINE_BREAK    : '\r\n' | '\r' | '\n' ;
LINE_JOIN     : '\\' ('\r\n' | '\r' | '\n') ;
BLANKS        : [ \t\f]+ ;
COMMENT       : '#' ~[\r\n]* -> channel(HIDDEN) ;

// Anything else (backtick, '$', '?', a stray backslash, NUL, U+FFFD from undecodable bytes, ...) reaches the
// parser as one ERROR_CHAR token so that it is reported as a syntax error instead of aborting the lexer.
ERROR_CHAR : . ;
