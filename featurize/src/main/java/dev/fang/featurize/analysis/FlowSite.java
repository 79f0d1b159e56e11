package dev.fang.featurize.analysis;

/**
 * A call whose arguments, followed within the function that makes it, say what it does: code decoded at run time
 * handed to {@code exec}, the file just downloaded handed to a process, a socket wired to standard input and output,
 * a Python interpreter or a hidden process started, a recon tool run. What makes these malicious is the value that
 * flows into the call, not the API, which benign code calls too.
 *
 * @param kind    what was found
 * @param line    line in the file on disk (for code decoded from a constant: the line of the decoding site)
 * @param snippet the call as written, at most {@link ModuleAnalysis#SNIPPET_CHARS} characters
 * @param onLoad  the call runs on load: at module level (on install or import) or in a function such code calls
 * @param depth   0 for code as written, more for code decoded from constants (see {@link ApiUse#depth})
 */
public record FlowSite(Kind kind, int line, String snippet, boolean onLoad, int depth) {

    public enum Kind {
        /** {@code exec}/{@code eval}/{@code compile} of a value decoded at run time that folding could not recover. */
        EXEC_RUNTIME_DECODED,
        /** A process or {@code exec} given a file the same function downloaded, or {@code exec} of a value computed after a download. */
        RUN_DOWNLOADED_FILE,
        /** A process or {@code exec} given a file the same function wrote (downloaded or not). */
        RUN_WRITTEN_FILE,
        /** A process or {@code exec} given what the same function received from a socket or fetched: a command channel. */
        RUN_RECEIVED,
        /** Standard input, output or error redirected to a socket the same function opened. */
        SOCKET_STDIO,
        /** A Python interpreter, or a {@code .py}/{@code .pyw} file, started as a process. */
        SPAWN_PYTHON,
        /** A process started hidden or detached from its parent. */
        SPAWN_HIDDEN,
        /** A constant command that starts with a reconnaissance or network tool. */
        RECON_COMMAND
    }
}
