/*
 * Fang's own parser grammar for Python 3.12.
 *
 * Written for Fang from the Python language reference; it is not derived from any published ANTLR grammar.
 * It is deliberately a little more permissive than CPython where that keeps it small and fast for SLL
 * prediction: assignment targets are parsed as expressions (so `f() = 1` is accepted), parameter lists accept
 * their parts in any order, and a few restrictions CPython checks after parsing (duplicate names, `*` usage,
 * `return` outside a function, ...) are not checked. Everything CPython accepts is accepted.
 *
 * Soft keywords (match, case, type, _) are separate tokens and the `name` rule and name atoms accept them, so
 * they remain usable as ordinary identifiers.
 */
parser grammar PythonParser;

options { tokenVocab = PythonLexer; contextSuperClass = PyRuleContext; superClass = PythonParserBase; }

// ---- entry points -----------------------------------------------------------------------------------------

file_input : (NEWLINE | stmt)* EOF ;

/** An expression on its own, e.g. the argument of eval() once decoded. */
eval_input : expressions NEWLINE* EOF ;

// ---- statements -------------------------------------------------------------------------------------------

stmt
    : compound_stmt
    | simple_stmts
    ;

simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE ;

simple_stmt
    : type_alias
    | expr_stmt
    | yield_stmt
    | return_stmt
    | import_stmt
    | raise_stmt
    | pass_stmt
    | del_stmt
    | assert_stmt
    | break_stmt
    | continue_stmt
    | global_stmt
    | nonlocal_stmt
    ;

/** Expression statement, or (augmented/annotated/chained) assignment; targets are the leading expressions. */
expr_stmt
    : star_expressions
      ( annotation (ASSIGN assigned_value)?
      | augassign assigned_value
      | (ASSIGN assigned_value)*
      )
    ;

annotation : COLON expression ;

assigned_value
    : yield_expr
    | star_expressions
    ;

augassign
    : ADD_ASSIGN | SUB_ASSIGN | MULT_ASSIGN | AT_ASSIGN | DIV_ASSIGN | MOD_ASSIGN | AND_ASSIGN | OR_ASSIGN
    | XOR_ASSIGN | LSHIFT_ASSIGN | RSHIFT_ASSIGN | POWER_ASSIGN | IDIV_ASSIGN
    ;

type_alias    : TYPE name type_params? ASSIGN expression ;
yield_stmt    : yield_expr ;
return_stmt   : RETURN star_expressions? ;
raise_stmt    : RAISE (expression (FROM expression)?)? ;
pass_stmt     : PASS ;
break_stmt    : BREAK ;
continue_stmt : CONTINUE ;
del_stmt      : DEL star_expressions ;
assert_stmt   : ASSERT expression (COMMA expression)? ;
global_stmt   : GLOBAL name (COMMA name)* ;
nonlocal_stmt : NONLOCAL name (COMMA name)* ;

import_stmt
    : import_name
    | import_from
    ;

import_name     : IMPORT dotted_as_name (COMMA dotted_as_name)* ;
dotted_as_name  : dotted_name (AS name)? ;
dotted_name     : name (DOT name)* ;

import_from : FROM (relative_dots* dotted_name | relative_dots+) IMPORT import_targets ;

relative_dots : DOT | ELLIPSIS ;

import_targets
    : LPAR import_as_name (COMMA import_as_name)* COMMA? RPAR
    | import_as_name (COMMA import_as_name)*
    | STAR
    ;

import_as_name : name (AS name)? ;

// ---- compound statements ----------------------------------------------------------------------------------

compound_stmt
    : function_def
    | if_stmt
    | class_def
    | decorated
    | with_stmt
    | for_stmt
    | try_stmt
    | while_stmt
    | match_stmt
    ;

block
    : NEWLINE INDENT stmt+ DEDENT
    | simple_stmts
    ;

decorated  : decorator+ (class_def | function_def) ;
decorator  : AT (named_expression | expression) NEWLINE ;

class_def    : CLASS name type_params? (LPAR arguments? RPAR)? COLON block ;
function_def : ASYNC? DEF name type_params? LPAR parameters? RPAR (RARROW expression)? COLON block ;

type_params : LSQB type_param (COMMA type_param)* COMMA? RSQB ;
type_param
    : name (COLON expression)? (ASSIGN expression)?
    | STAR name (ASSIGN expression)?
    | POWER name (ASSIGN expression)?
    ;

/** Parameters in any order; `/`, a bare `*`, `*args`, `**kwargs`, annotations and defaults. */
parameters : parameter (COMMA parameter)* COMMA? ;
parameter
    : SLASH
    | STAR (name (COLON star_annotation)?)?
    | POWER name (COLON expression)?
    | name (COLON expression)? (ASSIGN expression)?
    ;
star_annotation
    : STAR bitwise_or
    | expression
    ;

if_stmt    : IF (named_expression | expression) COLON block elif_clause* else_block? ;
elif_clause: ELIF (named_expression | expression) COLON block ;
else_block : ELSE COLON block ;

while_stmt : WHILE (named_expression | expression) COLON block else_block? ;

for_stmt   : ASYNC? FOR star_targets IN star_expressions COLON block else_block? ;

// The header alternatives are factored so that prediction stops at the colon, never scanning the block.
with_stmt
    : ASYNC? WITH (LPAR with_item (COMMA with_item)* COMMA? RPAR | with_item (COMMA with_item)*) COLON block
    ;
with_item : expression (AS star_target)? ;

try_stmt : TRY COLON block (except_clause+ else_block? finally_block? | finally_block) ;
except_clause : EXCEPT STAR? (expression (AS name)?)? COLON block ;
finally_block : FINALLY COLON block ;

// ---- match statement (PEP 634) ----------------------------------------------------------------------------

match_stmt : MATCH subject_expr COLON NEWLINE INDENT case_block+ DEDENT ;

subject_expr
    : star_named_expression COMMA star_named_expressions?
    | named_expression
    | expression
    ;

case_block : CASE patterns guard? COLON block ;
guard      : IF (named_expression | expression) ;

patterns : maybe_star_pattern (COMMA maybe_star_pattern)* COMMA? ;

maybe_star_pattern
    : STAR name
    | pattern
    ;

pattern    : or_pattern (AS name)? ;
or_pattern : closed_pattern (VBAR closed_pattern)* ;

closed_pattern
    : literal_pattern
    | name_or_attr (LPAR (pattern_arg (COMMA pattern_arg)* COMMA?)? RPAR)?
    | LPAR (maybe_star_pattern (COMMA maybe_star_pattern)* COMMA?)? RPAR
    | LSQB (maybe_star_pattern (COMMA maybe_star_pattern)* COMMA?)? RSQB
    | LBRACE (mapping_item (COMMA mapping_item)* COMMA?)? RBRACE
    ;

literal_pattern
    : signed_number ((PLUS | MINUS) NUMBER)?
    | strings
    | NONE
    | TRUE
    | FALSE
    ;

signed_number : MINUS? NUMBER ;
name_or_attr  : name (DOT name)* ;
pattern_arg   : name ASSIGN pattern | pattern ;

mapping_item
    : POWER name
    | (literal_pattern | name_or_attr) COLON pattern
    ;

// ---- expressions ------------------------------------------------------------------------------------------

expressions : expression (COMMA expression)* COMMA? ;

yield_expr : YIELD (FROM expression | star_expressions)? ;

/** Only a starred item has a node of its own; a plain one is its expression, with no wrapper around it. */
star_expressions : (star_expression | expression) (COMMA (star_expression | expression))* COMMA? ;
star_expression : STAR bitwise_or ;

star_named_expressions : star_named_expression (COMMA star_named_expression)* COMMA? ;
star_named_expression
    : STAR bitwise_or
    | named_expression
    | expression
    ;

/**
 * An assignment expression (walrus). Where one may appear, a plain expression is an alternative beside it rather
 * than wrapped in it: one node fewer for every condition, argument and index.
 */
named_expression : name COLONEQUAL expression ;

/**
 * `lambda`, conditional expressions, `or`, `and`, `not` and comparisons, in one left-recursive rule that ANTLR
 * turns into precedence climbing: an operand that uses none of them costs one node, not one per level.
 * Alternatives go from the tightest binding to the loosest; `and` and `or` nest to the left, a conditional
 * expression to the right, and a comparison chain (`a < b < c`) stays one node. `not` is a separate level from
 * the arithmetic below, so that `a + not b` remains a syntax error as in CPython.
 *
 * A little more permissive than CPython: a lambda or a conditional expression may be an operand of `or`, `and`,
 * `not` or of a comprehension's `in` and `if` without parentheses.
 */
expression
    : NOT expression                                        # notExpr
    | expression AND expression                             # andExpr
    | expression OR expression                              # orExpr
    | <assoc = right> expression IF expression ELSE expression  # conditionalExpr
    | LAMBDA lambda_parameters? COLON expression            # lambdef
    | bitwise_or (comp_op bitwise_or)*                      # comparisonExpr
    ;
comp_op
    : EQUALS | NOT_EQUAL | LESS | LESS_EQUAL | GREATER | GREATER_EQUAL
    | IN | NOT IN | IS | IS NOT
    ;

/**
 * Arithmetic and bitwise operators, also one left-recursive rule, tightest first. `**` is right-associative
 * and its right operand may be a unary operation (`2 ** -1`), while a unary operand takes a power whole
 * (`-x ** 2` is `-(x ** 2)`); the other binary operators nest to the left.
 *
 * The operand is a primary: an atom followed by attribute accesses, calls and subscripts, possibly awaited. It is
 * an alternative here rather than a rule of its own, so that each operand costs one node instead of two.
 */
bitwise_or
    : <assoc = right> bitwise_or POWER bitwise_or                 # powerExpr
    | (PLUS | MINUS | TILDE) bitwise_or                           # unaryExpr
    | bitwise_or (STAR | SLASH | IDIV | PERCENT | AT) bitwise_or  # termExpr
    | bitwise_or (PLUS | MINUS) bitwise_or                        # sumExpr
    | bitwise_or (LEFT_SHIFT | RIGHT_SHIFT) bitwise_or            # shiftExpr
    | bitwise_or AMPER bitwise_or                                 # bitAndExpr
    | bitwise_or CIRCUMFLEX bitwise_or                            # bitXorExpr
    | bitwise_or VBAR bitwise_or                                  # bitOrExpr
    | AWAIT? atom trailer*                                        # primary
    ;

trailer
    : DOT name                    # attributeTrailer
    | LPAR arguments? RPAR        # callTrailer
    | LSQB slices RSQB            # subscriptTrailer
    ;

/** A name atom holds its token itself, not a `name` node: one node fewer for the most common operand. */
atom
    : (NAME | MATCH | CASE | TYPE | UNDERSCORE)           # nameAtom
    | (TRUE | FALSE | NONE)                               # constantAtom
    | NUMBER                                              # numberAtom
    | strings                                             # stringAtom
    | ELLIPSIS                                            # ellipsisAtom
    | LPAR (yield_expr | testlist_comp)? RPAR             # parenAtom
    | LSQB testlist_comp? RSQB                            # listAtom
    | LBRACE dict_or_set? RBRACE                          # dictOrSetAtom
    ;

testlist_comp : star_named_expression (comp_for | (COMMA star_named_expression)* COMMA?) ;

dict_or_set
    : dict_entry (comp_for | (COMMA dict_entry)* COMMA?)
    | star_named_expression (comp_for | (COMMA star_named_expression)* COMMA?)
    ;
dict_entry
    : expression COLON expression
    | POWER bitwise_or
    ;

slices : slice (COMMA slice)* COMMA? ;
slice
    : expression? COLON expression? (COLON expression?)?
    | named_expression
    | expression
    | STAR bitwise_or
    ;

arguments : argument (COMMA argument)* COMMA? ;
argument
    : name ASSIGN expression
    | STAR expression
    | POWER expression
    | (named_expression | expression) comp_for?
    ;

comp_for : comp_clause+ ;
comp_clause : ASYNC? FOR star_targets IN expression (IF expression)* ;

lambda_parameters : lambda_parameter (COMMA lambda_parameter)* COMMA? ;
lambda_parameter
    : SLASH
    | STAR name?
    | POWER name
    | name (ASSIGN expression)?
    ;

/** Assignment targets in `for`, `with` and comprehensions: primaries, so `in` stays a separator. */
star_targets : star_target (COMMA star_target)* COMMA? ;
star_target  : STAR? atom trailer* ;

/** Adjacent literals: plain strings, bytes and f-strings in any mix. */
strings : (STRING | fstring)+ ;

fstring : FSTRING_START fstring_part* FSTRING_END ;
fstring_part
    : FSTRING_MIDDLE
    | fstring_replacement_field
    ;
fstring_replacement_field
    : LBRACE (yield_expr | star_expressions) ASSIGN? (EXCLAMATION name)? (COLON fstring_format_spec*)? RBRACE
    ;
fstring_format_spec
    : FSTRING_MIDDLE
    | fstring_replacement_field
    ;

/** Soft keywords are names too; the `nameAtom` alternative of `atom` lists the same tokens. */
name : NAME | MATCH | CASE | TYPE | UNDERSCORE ;
