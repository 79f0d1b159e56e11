package dev.fang.robustness;

import dev.fang.featurize.parser.PythonParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Renaming of import aliases and function-local variables to fresh random identifiers. Module-level names
 * other than imports are never renamed (another module may use them), nor are attributes, keyword-argument
 * names or parameters (callers may pass them by keyword).
 *
 * <p>An import {@code import os} becomes {@code import os as xk} (every plain {@code import os} in the file
 * likewise) when the name is bound by nothing else in the file and no other file of the package imports it
 * from here. A local variable of a function is renamed when the function binds it itself and every
 * mention of the name in the function body is a plain name reference (not a parameter, definition, import,
 * {@code global}/{@code nonlocal}, walrus or pattern). Imports of a file, and locals of a function, that can
 * be reached by spelling ({@code locals()}, {@code eval}, {@code __all__}, self-documenting f-strings, ...)
 * are left alone.
 */
final class Renaming extends FileTransformation {
    static final String NAME = "rename";

    /** Names through which code can look variables up by their spelling. */
    private static final Set<String> DYNAMIC = Set.of("locals", "globals", "vars", "dir", "eval", "exec", "__all__",
            "_getframe", "f_locals", "f_globals", "inspect", "__dict__");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    String rewrite(PythonModule module, Chance chance, PackageView pkg) {
        PythonParser.File_inputContext tree = module.tree();
        Set<String> fileNames = Syntax.allNames(tree);
        Set<String> taken = new HashSet<>(fileNames);
        Edits edits = new Edits();
        boolean dynamicFile = fileNames.stream().anyMatch(DYNAMIC::contains) || hasSelfDocumentingFString(tree);
        Set<String> importedElsewhere = pkg.namesImportedOutside(module.path());
        for (String imported : ApiObfuscation.plainModules(tree)) {
            if (!dynamicFile && !importedElsewhere.contains(imported) && chance.take()) {
                String alias = chance.identifier(taken);
                taken.add(alias);
                renameImport(module, tree, imported, alias, edits);
            }
        }
        List<PythonParser.Function_defContext> functions = new ArrayList<>();
        Syntax.collect(tree, PythonParser.Function_defContext.class, functions);
        for (PythonParser.Function_defContext function : functions) {
            for (String local : renamableLocals(function)) {
                if (chance.take()) {
                    String fresh = chance.identifier(taken);
                    taken.add(fresh);
                    renameInside(module, function.block(), local, fresh, edits);
                }
            }
        }
        return edits.isEmpty() ? null : edits.applyTo(module.text());
    }

    private static void renameImport(PythonModule module, PythonParser.File_inputContext tree, String name, String alias, Edits edits) {
        List<PythonParser.Dotted_as_nameContext> imports = new ArrayList<>();
        Syntax.collect(tree, PythonParser.Dotted_as_nameContext.class, imports);
        for (PythonParser.Dotted_as_nameContext imported : imports) {
            if (ApiObfuscation.isPlain(imported) && imported.getText().equals(name)) {
                edits.insert(module.end(imported), " as " + alias);
            }
        }
        renameInside(module, tree, name, alias, edits);
    }

    /** Renames every plain reference (a name atom) to {@code name} inside {@code scope}. */
    private static void renameInside(PythonModule module, ParserRuleContext scope, String name, String fresh, Edits edits) {
        List<PythonParser.NameAtomContext> atoms = new ArrayList<>();
        Syntax.collect(scope, PythonParser.NameAtomContext.class, atoms);
        for (PythonParser.NameAtomContext atom : atoms) {
            if (atom.getText().equals(name)) {
                edits.replace(module.start(atom), module.end(atom), fresh);
            }
        }
        List<PythonParser.Except_clauseContext> handlers = new ArrayList<>();
        Syntax.collect(scope, PythonParser.Except_clauseContext.class, handlers);
        for (PythonParser.Except_clauseContext handler : handlers) {
            if (handler.name() != null && handler.name().getText().equals(name)) {
                edits.replace(module.start(handler.name()), module.end(handler.name()), fresh);
            }
        }
    }

    /** Local variables of the function that can be renamed throughout its body. */
    static Set<String> renamableLocals(PythonParser.Function_defContext function) {
        PythonParser.BlockContext body = function.block();
        Set<String> own = new HashSet<>();
        ownBindings(body, own);
        if (function.parameters() != null) {
            own.removeAll(Syntax.allNames(function.parameters()));
        }
        List<ParserRuleContext> mentions = new ArrayList<>();
        Syntax.walk(body, node -> {
            if (node instanceof PythonParser.NameContext || node instanceof PythonParser.NameAtomContext) {
                mentions.add((ParserRuleContext) node);
            }
            return true;
        });
        for (ParserRuleContext mention : mentions) {
            if (!isPlainReference(mention)) {
                own.remove(mention.getText());
            }
            if (insideNestedClass(mention, function)) {
                own.remove(mention.getText()); // a class body in the function could make it an attribute
            }
            if (DYNAMIC.contains(mention.getText())) {
                return Set.of();
            }
        }
        return hasSelfDocumentingFString(body) ? Set.of() : own;
    }

    private static boolean insideNestedClass(ParseTree node, PythonParser.Function_defContext function) {
        for (ParseTree p = node.getParent(); p != null && p != function; p = p.getParent()) {
            if (p instanceof PythonParser.Class_defContext) {
                return true;
            }
        }
        return false;
    }

    /** A name atom, an attribute, a keyword argument or an {@code except ... as} name: the ones we handle. */
    private static boolean isPlainReference(ParserRuleContext name) {
        if (name instanceof PythonParser.NameAtomContext) {
            return true;
        }
        ParseTree parent = name.getParent();
        return parent instanceof PythonParser.AttributeTrailerContext
                || parent instanceof PythonParser.ArgumentContext || parent instanceof PythonParser.Except_clauseContext;
    }

    /** Names bound by assignment, {@code for}, {@code with} or {@code except} in the function's own scope. */
    private static void ownBindings(ParseTree root, Set<String> out) {
        Syntax.walk(root, node -> {
            if (node instanceof PythonParser.Function_defContext || node instanceof PythonParser.Class_defContext
                    || node instanceof PythonParser.LambdefContext || node instanceof PythonParser.Comp_forContext) {
                return false;
            }
            if (node instanceof PythonParser.Expr_stmtContext || node instanceof PythonParser.For_stmtContext
                    || node instanceof PythonParser.With_itemContext || node instanceof PythonParser.Except_clauseContext) {
                Set<String> bound = Syntax.boundNames(node, nested -> nested instanceof PythonParser.Comp_forContext
                        || nested instanceof PythonParser.LambdefContext || nested instanceof PythonParser.Function_defContext
                        || nested instanceof PythonParser.Class_defContext);
                out.addAll(bound);
            }
            return true;
        });
    }

    /** An f-string like {@code f'{x=}'} prints the expression's source text, names included. */
    private static boolean hasSelfDocumentingFString(ParseTree tree) {
        List<PythonParser.Fstring_replacement_fieldContext> fields = new ArrayList<>();
        Syntax.collect(tree, PythonParser.Fstring_replacement_fieldContext.class, fields);
        return fields.stream().anyMatch(field -> field.ASSIGN() != null);
    }
}
