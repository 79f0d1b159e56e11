package dev.fang.featurize.features;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fang's own list of the APIs malicious packages lean on, by canonical (resolved) name, each in one
 * {@link ApiGroup}. Written for Fang from what stealers, droppers and beacons do; an entry ending in
 * {@code .*} covers every name under that module or class.
 *
 * <p>Names are matched after {@link #normalize}: call results written as {@code ()} inside a dotted name are
 * dropped ({@code socket.socket().connect} becomes {@code socket.socket.connect}), so methods of objects the
 * analyzer could type are found too. Unresolved names ({@code ?.connect}) never match: they could be anything.
 */
public final class ApiCatalogue {

    private static final Map<String, ApiGroup> EXACT = new HashMap<>();
    private static final Map<String, ApiGroup> PREFIX = new HashMap<>();
    private static final Map<ApiGroup, List<String>> BY_GROUP = new EnumMap<>(ApiGroup.class);

    private static void put(ApiGroup g, String... names) {
        for (String n : names) {
            if (n.endsWith(".*")) {
                PREFIX.put(n.substring(0, n.length() - 2), g);
            } else {
                EXACT.put(n, g);
            }
            BY_GROUP.computeIfAbsent(g, k -> new ArrayList<>()).add(n);
        }
    }

    static {
        put(ApiGroup.NET_SOCKET,
                "socket.socket", "socket.create_connection", "socket.socketpair", "socket.fromfd",
                "socket.socket.connect", "socket.socket.connect_ex", "socket.socket.send", "socket.socket.sendall",
                "socket.socket.sendto", "socket.socket.recv", "socket.socket.recvfrom", "ssl.wrap_socket",
                "ssl.create_default_context", "ssl.SSLContext.wrap_socket", "asyncio.open_connection",
                "asyncio.open_unix_connection", "_socket.socket", "select.select", "scapy.all.*", "scapy.*");
        put(ApiGroup.NET_HTTP,
                "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.request.Request", "wget.download",
                "urllib.request.build_opener", "urllib.request.install_opener", "urllib.request.OpenerDirector",
                "urllib.request.ProxyHandler", "urllib.urlopen", "urllib.urlretrieve", "urllib2.urlopen",
                "urllib2.Request", "urllib2.build_opener", "http.client.HTTPConnection",
                "http.client.HTTPSConnection", "httplib.HTTPConnection", "httplib.HTTPSConnection",
                "requests.*", "httpx.*", "aiohttp.*", "urllib3.*", "pycurl.*", "websocket.*", "websockets.*",
                "tornado.httpclient.*", "treq.*", "grequests.*", "mechanize.*", "httplib2.Http",
                "discord_webhook.*", "dhooks.*", "telebot.*", "telegram.Bot", "pip._vendor.requests.*",
                "pip._vendor.urllib3.*", "botocore.vendored.requests.*");
        put(ApiGroup.NET_DNS,
                "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getaddrinfo",
                "socket.getnameinfo", "socket.getfqdn", "dns.resolver.*", "dns.query.*", "dnslib.*");
        put(ApiGroup.NET_OTHER_PROTOCOL,
                "smtplib.SMTP", "smtplib.SMTP_SSL", "smtplib.SMTP.sendmail", "smtplib.SMTP.send_message",
                "ftplib.FTP", "ftplib.FTP_TLS", "telnetlib.Telnet", "paramiko.*", "pysftp.*", "fabric.*",
                "xmlrpc.client.ServerProxy", "xmlrpclib.ServerProxy", "imaplib.IMAP4", "imaplib.IMAP4_SSL",
                "poplib.POP3", "poplib.POP3_SSL", "nntplib.NNTP", "ldap3.*", "pymongo.MongoClient",
                "redis.Redis", "boto3.client", "boto3.resource", "tftpy.*");
        put(ApiGroup.NET_SERVER,
                "socket.socket.bind", "socket.socket.listen", "socket.socket.accept", "socketserver.TCPServer",
                "socketserver.UDPServer", "socketserver.ThreadingTCPServer", "http.server.HTTPServer",
                "http.server.ThreadingHTTPServer", "http.server.SimpleHTTPRequestHandler", "SocketServer.TCPServer",
                "BaseHTTPServer.HTTPServer", "asyncio.start_server", "flask.Flask.run", "pyngrok.*");
        put(ApiGroup.FS_READ,
                "builtins.open", "io.open", "codecs.open", "os.open", "os.read", "os.fdopen",
                "pathlib.Path.read_text", "pathlib.Path.read_bytes", "pathlib.Path.open", "fileinput.input",
                "linecache.getline", "mmap.mmap", "io.FileIO", "aiofiles.open");
        put(ApiGroup.FS_WRITE,
                "os.write", "os.rename", "os.renames", "os.replace", "os.makedirs", "os.mkdir", "os.symlink",
                "os.link", "os.mkfifo", "os.truncate", "os.utime", "shutil.copy", "shutil.copy2",
                "shutil.copyfile", "shutil.copyfileobj", "shutil.copytree", "shutil.move",
                "pathlib.Path.write_text", "pathlib.Path.write_bytes", "pathlib.Path.mkdir",
                "pathlib.Path.touch", "pathlib.Path.rename", "pathlib.Path.replace", "pathlib.Path.symlink_to",
                "distutils.file_util.copy_file", "distutils.dir_util.copy_tree");
        put(ApiGroup.FS_DELETE,
                "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "shutil.rmtree", "pathlib.Path.unlink",
                "pathlib.Path.rmdir", "distutils.dir_util.remove_tree", "send2trash.send2trash");
        put(ApiGroup.FS_ENUMERATE,
                "os.listdir", "os.walk", "os.scandir", "os.fwalk", "glob.glob", "glob.iglob", "fnmatch.filter",
                "pathlib.Path.glob", "pathlib.Path.rglob", "pathlib.Path.iterdir", "os.path.exists",
                "os.path.isfile", "os.path.isdir", "os.stat", "os.access");
        put(ApiGroup.FS_PERMISSIONS,
                "os.chmod", "os.chown", "os.lchown", "os.fchmod", "os.setuid", "os.setgid", "os.umask",
                "pathlib.Path.chmod", "stat.S_IEXEC", "stat.S_IXUSR", "win32security.*", "ntsecuritycon.*");
        put(ApiGroup.FS_ARCHIVE,
                "zipfile.ZipFile", "zipfile.ZipFile.extractall", "zipfile.ZipFile.write", "tarfile.open",
                "tarfile.TarFile", "tarfile.TarFile.extractall", "shutil.make_archive", "shutil.unpack_archive",
                "py7zr.*", "rarfile.*", "pyzipper.*");
        put(ApiGroup.FS_TEMP,
                "tempfile.mkstemp", "tempfile.mkdtemp", "tempfile.gettempdir", "tempfile.NamedTemporaryFile",
                "tempfile.TemporaryFile", "tempfile.TemporaryDirectory", "tempfile.mktemp",
                "tempfile.SpooledTemporaryFile");
        put(ApiGroup.FS_HOME,
                "os.path.expanduser", "os.path.expandvars", "pathlib.Path.home", "pathlib.Path.expanduser",
                "appdirs.*", "platformdirs.*", "ctypes.windll.shell32.SHGetFolderPathW");
        put(ApiGroup.FS_DATABASE,
                "sqlite3.connect", "sqlite3.Connection.execute", "sqlite3.Cursor.execute", "plyvel.*", "leveldb.*");
        put(ApiGroup.HOST_IDENTITY,
                "os.getlogin", "os.uname", "os.getuid", "os.geteuid", "os.getgid", "os.getpid", "os.getppid",
                "os.getcwd", "os.cpu_count", "os.getgroups", "getpass.getuser", "socket.gethostname",
                "platform.node", "platform.system", "platform.platform", "platform.uname", "platform.release",
                "platform.version", "platform.machine", "platform.processor", "platform.architecture",
                "platform.win32_ver", "platform.mac_ver", "platform.freedesktop_os_release", "uuid.getnode",
                "pwd.getpwuid", "pwd.getpwall", "grp.getgrall", "locale.getdefaultlocale", "locale.getlocale",
                "psutil.*", "wmi.*", "netifaces.*", "getmac.*", "GPUtil.*", "cpuinfo.*", "sys.getwindowsversion",
                "ctypes.windll.kernel32.GetComputerNameW", "win32api.GetUserName", "win32api.GetComputerName",
                "geocoder.*");
        put(ApiGroup.HOST_ENVIRONMENT,
                "os.environ", "os.getenv", "os.environ.get", "os.environ.copy", "os.environ.items",
                "os.environ.keys", "os.environ.values", "os.environb", "os.getenvb", "os.environ.__getitem__",
                "dotenv.*");
        put(ApiGroup.HOST_SPY,
                "PIL.ImageGrab.grab", "ImageGrab.grab", "pyautogui.screenshot", "mss.mss", "mss.*",
                "pyperclip.paste", "pyperclip.*", "clipboard.paste", "win32clipboard.*", "pynput.keyboard.*",
                "pynput.mouse.*", "pynput.*", "keyboard.*", "pyHook.*", "pythoncom.PumpMessages", "cv2.VideoCapture",
                "sounddevice.rec", "pyaudio.PyAudio", "psutil.process_iter", "os.kill",
                "ctypes.windll.user32.GetAsyncKeyState", "ctypes.windll.user32.GetForegroundWindow",
                "win32gui.GetWindowText", "win32gui.GetForegroundWindow");
        put(ApiGroup.HOST_REGISTRY,
                "winreg.*", "_winreg.*", "win32api.RegOpenKeyEx", "win32api.RegSetValueEx", "win32con.HKEY_CURRENT_USER",
                "win32con.HKEY_LOCAL_MACHINE");
        put(ApiGroup.HOST_CREDENTIALS,
                "win32crypt.CryptUnprotectData", "win32crypt.*", "ctypes.windll.crypt32.CryptUnprotectData",
                "keyring.get_password", "keyring.*", "browser_cookie3.*", "browsercookie.*", "secretstorage.*",
                "getpass.getpass", "netrc.netrc", "Crypto.Protocol.KDF.PBKDF2", "pycookiecheat.*");
        put(ApiGroup.CMD_SHELL,
                "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                "asyncio.create_subprocess_shell", "platform.popen", "pty.spawn", "sh.*", "plumbum.*",
                "invoke.run", "fabric.api.local", "fabric.api.run", "pexpect.spawn", "pexpect.run", "pexpect.*",
                "os.startfile", "win32api.ShellExecute", "ctypes.windll.shell32.ShellExecuteW",
                "ctypes.windll.shell32.ShellExecuteA", "ctypes.windll.kernel32.WinExec");
        put(ApiGroup.CMD_PROCESS,
                "subprocess.Popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
                "subprocess.check_output", "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv",
                "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.execl", "os.execle", "os.execlp", "os.execlpe",
                "os.execv", "os.execve", "os.execvp", "os.execvpe", "os.posix_spawn", "os.posix_spawnp",
                "os.fork", "os.forkpty", "os.dup2", "os.setsid", "asyncio.create_subprocess_exec",
                "multiprocessing.Process", "win32process.CreateProcess", "ctypes.windll.kernel32.CreateProcessW",
                "distutils.spawn.spawn", "setuptools.command.easy_install.main", "pip.main", "pip._internal.main",
                "pip._internal.cli.main.main");
        put(ApiGroup.CODE_EVAL,
                "builtins.exec", "builtins.eval", "builtins.compile", "builtins.execfile", "code.InteractiveInterpreter",
                "code.InteractiveConsole", "code.interact", "codeop.compile_command", "types.FunctionType",
                "types.CodeType", "IPython.embed");
        put(ApiGroup.CODE_IMPORT,
                "builtins.__import__", "importlib.import_module", "importlib.__import__", "importlib.reload",
                "importlib.util.spec_from_file_location", "importlib.util.spec_from_loader",
                "importlib.util.module_from_spec", "importlib.machinery.SourceFileLoader",
                "importlib.machinery.SourcelessFileLoader", "importlib.machinery.ExtensionFileLoader", "imp.load_source",
                "imp.load_compiled", "imp.load_dynamic", "imp.load_module", "runpy.run_path", "runpy.run_module",
                "pkgutil.get_loader", "zipimport.zipimporter", "sys.meta_path", "sys.path_hooks", "atexit.register", "sys.settrace", "sys.setprofile", "site.addsitedir");
        put(ApiGroup.CODE_DESERIALIZE,
                "marshal.loads", "marshal.load", "pickle.loads", "pickle.load", "pickle.Unpickler", "cPickle.loads",
                "cPickle.load", "_pickle.loads", "dill.loads", "dill.load", "cloudpickle.loads", "jsonpickle.decode",
                "shelve.open", "yaml.unsafe_load", "yaml.load", "joblib.load");
        put(ApiGroup.CODE_NATIVE,
                "ctypes.CDLL", "ctypes.cdll.LoadLibrary", "ctypes.WinDLL", "ctypes.windll.*", "ctypes.OleDLL",
                "ctypes.PyDLL", "ctypes.CFUNCTYPE", "ctypes.WINFUNCTYPE", "ctypes.memmove", "ctypes.cast",
                "ctypes.create_string_buffer", "ctypes.string_at", "ctypes.pythonapi.*", "ctypes.util.find_library",
                "cffi.FFI", "cffi.FFI.dlopen", "mmap.PROT_EXEC", "_ctypes.*", "win32api.LoadLibrary");
        put(ApiGroup.ENC_BASE,
                "base64.b64decode", "base64.b64encode", "base64.urlsafe_b64decode", "base64.urlsafe_b64encode",
                "base64.standard_b64decode", "base64.decodebytes", "base64.encodebytes", "base64.decodestring",
                "base64.b32decode", "base64.b32encode", "base64.b32hexdecode", "base64.b16decode",
                "base64.b16encode", "base64.b85decode", "base64.b85encode", "base64.a85decode",
                "base64.a85encode", "binascii.a2b_base64", "binascii.b2a_base64", "base58.*", "base91.*");
        put(ApiGroup.ENC_HEX,
                "binascii.unhexlify", "binascii.hexlify", "binascii.a2b_hex", "binascii.b2a_hex", "bytes.fromhex",
                "builtins.bytes.fromhex", "bytearray.fromhex", "builtins.bytearray.fromhex");
        put(ApiGroup.ENC_COMPRESSION,
                "zlib.decompress", "zlib.compress", "zlib.decompressobj", "gzip.decompress", "gzip.compress",
                "gzip.GzipFile", "gzip.open", "bz2.decompress", "bz2.compress", "bz2.BZ2Decompressor",
                "lzma.decompress", "lzma.compress", "lzma.LZMADecompressor", "zstandard.*", "brotli.*", "lz4.*");
        put(ApiGroup.ENC_CRYPTO,
                "Crypto.Cipher.AES.new", "Crypto.Cipher.AES.*", "Crypto.Cipher.ARC4.*", "Crypto.Cipher.DES.*",
                "Crypto.Cipher.DES3.*", "Crypto.Cipher.ChaCha20.*", "Crypto.Cipher.PKCS1_OAEP.*",
                "Cryptodome.Cipher.*", "cryptography.fernet.Fernet", "cryptography.fernet.*",
                "cryptography.hazmat.primitives.ciphers.Cipher", "cryptography.hazmat.primitives.ciphers.*",
                "nacl.secret.SecretBox", "nacl.*", "pyaes.*", "rsa.decrypt", "rsa.encrypt", "Crypto.PublicKey.RSA.*",
                "hashlib.pbkdf2_hmac");
        put(ApiGroup.ENC_CHARS,
                "builtins.chr", "builtins.ord", "builtins.bytes", "builtins.bytearray", "codecs.decode",
                "codecs.encode", "codecs.getdecoder", "codecs.lookup", "operator.xor", "builtins.memoryview",
                "struct.unpack", "array.array.tobytes");
    }

    private ApiCatalogue() {
    }

    /** {@code socket.socket().connect} and {@code pathlib.Path(p).read_text} lose their call parentheses. */
    public static String normalize(String api) {
        if (api == null) {
            return "";
        }
        return api.indexOf('(') < 0 ? api : api.replace("()", "");
    }

    /** The group of a canonical API name, or null when Fang's list does not cover it. */
    public static ApiGroup group(String api) {
        String n = normalize(api);
        if (n.isEmpty() || n.startsWith("?")) {
            return null;
        }
        ApiGroup g = EXACT.get(n);
        if (g != null) {
            return g;
        }
        // Longest covering prefix: "requests.Session.post" -> "requests".
        String cur = n;
        int dot;
        while ((dot = cur.lastIndexOf('.')) > 0) {
            cur = cur.substring(0, dot);
            g = PREFIX.get(cur);
            if (g != null) {
                return g;
            }
            // A method of a listed class or function result: "zipfile.ZipFile.extractall" is listed itself,
            // "subprocess.Popen.communicate" is not, but the object came from a listed API.
            g = EXACT.get(cur);
            if (g != null && Character.isUpperCase(lastSegment(cur).charAt(0))) {
                return g;
            }
        }
        return null;
    }

    private static String lastSegment(String s) {
        int dot = s.lastIndexOf('.');
        String seg = dot < 0 ? s : s.substring(dot + 1);
        return seg.isEmpty() ? "x" : seg;
    }

    /** Every name listed for a group, as written in the list ({@code .*} entries included). */
    public static List<String> names(ApiGroup group) {
        return Collections.unmodifiableList(BY_GROUP.getOrDefault(group, List.of()));
    }

    /** Number of entries in the list. */
    public static int size() {
        return EXACT.size() + PREFIX.size();
    }

    /** Entries per group, for documentation. */
    public static Map<ApiGroup, Integer> sizes() {
        Map<ApiGroup, Integer> m = new LinkedHashMap<>();
        for (ApiGroup g : ApiGroup.values()) {
            m.put(g, names(g).size());
        }
        return m;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
