package dev.fang.robustness;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ways to write {@code os.system} (the callee of a call) for a module bound by {@code import os}. Each form is
 * an expression that evaluates to the same function object; the ones using {@code sys.modules} rely on the
 * module having been imported, which the original reference relied on too.
 */
enum ModuleForm {
    DYNAMIC_IMPORT(Set.of("__import__"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "__import__(" + n.literal(m) + ")." + f;
        }
    },
    GETATTR(Set.of("getattr"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "getattr(" + m + ", " + n.literal(f) + ")";
        }
    },
    MODULE_DICT(Set.of(), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return m + ".__dict__[" + n.literal(f) + "]";
        }
    },
    GETATTRIBUTE(Set.of(), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return m + ".__getattribute__(" + n.literal(f) + ")";
        }
    },
    DUNDER_CALL(Set.of(), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return m + "." + f + ".__call__";
        }
    },
    VARS(Set.of("vars"), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "vars(" + m + ")[" + n.literal(f) + "]";
        }
    },
    GETATTR_OF_DYNAMIC_IMPORT(Set.of("getattr", "__import__"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "getattr(__import__(" + n.literal(m) + "), " + n.literal(f) + ")";
        }
    },
    IMPORTLIB(Set.of("__import__"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "__import__('importlib').import_module(" + n.literal(m) + ")." + f;
        }
    },
    SYS_MODULES(Set.of("__import__"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "__import__('sys').modules[" + n.literal(m) + "]." + f;
        }
    },
    DICT_OF_DYNAMIC_IMPORT(Set.of("__import__"), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "__import__(" + n.literal(m) + ").__dict__[" + n.literal(f) + "]";
        }
    },
    GETATTR_OF_IMPORTLIB(Set.of("getattr", "__import__"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "getattr(__import__('importlib').import_module(" + n.literal(m) + "), " + n.literal(f) + ")";
        }
    },
    GETATTRIBUTE_THEN_CALL(Set.of(), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return m + ".__getattribute__(" + n.literal(f) + ").__call__";
        }
    },
    TYPE_GETATTRIBUTE(Set.of("type"), false) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "type(" + m + ").__getattribute__(" + m + ", " + n.literal(f) + ")";
        }
    },
    GETATTR_THEN_CALL(Set.of("getattr"), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "getattr(" + m + ", " + n.literal(f) + ").__call__";
        }
    },
    VARS_OF_DYNAMIC_IMPORT(Set.of("vars", "__import__"), true) {
        @Override
        String form(String m, String f, ApiObfuscation.Names n) {
            return "vars(__import__(" + n.literal(m) + "))[" + n.literal(f) + "]";
        }
    };

    private final Set<String> builtins;
    private final boolean onlyForCatalogued;

    ModuleForm(Set<String> builtins, boolean onlyForCatalogued) {
        this.builtins = builtins;
        this.onlyForCatalogued = onlyForCatalogued;
    }

    abstract String form(String module, String function, ApiObfuscation.Names names);

    /** The callee written this way, parenthesized so that the call's arguments apply to all of it. */
    String write(String module, String function, ApiObfuscation.Names names) {
        return "(" + form(module, function, names) + ")";
    }

    /**
     * The forms whose builtins the file does not rebind (at least the ones needing none). Two kinds need an API
     * our catalogue lists ({@code catalogued}): the {@code .__call__} forms, because for a class that defines
     * {@code __call__} (such as {@code operator.itemgetter}) {@code Cls.__call__} is the instances' method, not
     * the constructor; and the dict lookups, because they miss attributes a module computes in a module-level
     * {@code __getattr__} (PEP 562).
     */
    static List<ModuleForm> usable(ModuleRefs refs, boolean catalogued) {
        return Stream.of(values()).filter(form -> form.builtins.stream().allMatch(refs::builtin))
                .filter(form -> catalogued || !form.onlyForCatalogued).toList();
    }
}
