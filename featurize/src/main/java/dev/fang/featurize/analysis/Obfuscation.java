package dev.fang.featurize.analysis;

/**
 * How a reference to an API was written. A plain {@code os.system(x)} after {@code import os} has none; each
 * detour a writer took to hide the name adds one. Counting them separately from the API lets a model tell
 * "runs a shell command" from "hides that it runs a shell command".
 */
public enum Obfuscation {
    /** {@code import os as o}, {@code from os import system as s}. */
    IMPORT_ALIAS,
    /** {@code x = os.system; x(...)} or a module object stored in a variable. */
    ASSIGNMENT_ALIAS,
    /** {@code __import__('os')}, {@code importlib.import_module('os')}. */
    DYNAMIC_IMPORT,
    /** {@code getattr(os, 'system')}. */
    GETATTR,
    /** {@code os.__dict__['system']}, {@code vars(os)['system']}. */
    DICT_LOOKUP,
    /** {@code os.__getattribute__('system')}. */
    GETATTRIBUTE,
    /** {@code f.__call__(...)}. */
    DUNDER_CALL,
    /** {@code globals()['__builtins__']...}, {@code __builtins__.__dict__['exec']}, {@code builtins.exec}. */
    BUILTINS_LOOKUP,
    /** The name itself was computed: concatenated, joined, reversed or decoded from a constant. */
    COMPUTED_NAME
}
