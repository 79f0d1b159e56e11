package dev.fang.robustness;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ways to write a builtin such as {@code exec} as a callee. The builtins module is reached with
 * {@code __import__('builtins')}, which works everywhere, or through {@code globals()['__builtins__']} in a
 * form that works whether that is the module (in {@code __main__}) or its dict (elsewhere). Calling a builtin through any of these forms runs it in the caller's
 * frame, so {@code exec} and {@code eval} without explicit namespaces still see the caller's variables.
 */
enum BuiltinForm {
    BUILTINS_ATTRIBUTE(Set.of("__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "__import__(" + n.literal("builtins") + ")." + b;
        }
    },
    GETATTR(Set.of("getattr", "__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "getattr(__import__(" + n.literal("builtins") + "), " + n.literal(b) + ")";
        }
    },
    BUILTINS_DICT(Set.of("__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "__import__(" + n.literal("builtins") + ").__dict__[" + n.literal(b) + "]";
        }
    },
    VARS(Set.of("vars", "__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "vars(__import__(" + n.literal("builtins") + "))[" + n.literal(b) + "]";
        }
    },
    DUNDER_CALL(Set.of()) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return b + ".__call__";
        }
    },
    IMPORTLIB(Set.of("__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "__import__('importlib').import_module(" + n.literal("builtins") + ")." + b;
        }
    },
    /** {@code __builtins__} is a module in {@code __main__} and its dict elsewhere: the getattr default covers both. */
    GLOBALS_BUILTINS(Set.of("getattr", "globals")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            String builtins = "globals()[" + n.literal("__builtins__") + "]";
            return "getattr(" + builtins + ", '__dict__', " + builtins + ")[" + n.literal(b) + "]";
        }
    },
    GETATTRIBUTE(Set.of("__import__")) {
        @Override
        String form(String b, ApiObfuscation.Names n) {
            return "__import__(" + n.literal("builtins") + ").__getattribute__(" + n.literal(b) + ")";
        }
    };

    private final Set<String> builtins;

    BuiltinForm(Set<String> builtins) {
        this.builtins = builtins;
    }

    abstract String form(String builtin, ApiObfuscation.Names names);

    /** The callee written this way, parenthesized so that the call's arguments apply to all of it. */
    String write(String builtin, ApiObfuscation.Names names) {
        return "(" + form(builtin, names) + ")";
    }

    static List<BuiltinForm> usable(ModuleRefs refs) {
        return Stream.of(values()).filter(form -> form.builtins.stream().allMatch(refs::builtin)).toList();
    }
}
