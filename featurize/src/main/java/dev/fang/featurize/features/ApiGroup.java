package dev.fang.featurize.features;

/** Finer groups of APIs inside an {@link ApiCategory}; each has its own feature per scope. */
public enum ApiGroup {
    NET_SOCKET(ApiCategory.NETWORK, "raw sockets and connections"),
    NET_HTTP(ApiCategory.NETWORK, "HTTP/WebSocket clients (urllib, requests, httpx, aiohttp, ...)"),
    NET_DNS(ApiCategory.NETWORK, "DNS and name resolution (a favourite beacon channel)"),
    NET_OTHER_PROTOCOL(ApiCategory.NETWORK, "mail, FTP, telnet, SSH and RPC clients"),
    NET_SERVER(ApiCategory.NETWORK, "listening servers (bind shells, backdoors)"),
    FS_READ(ApiCategory.FILESYSTEM, "opening and reading files"),
    FS_WRITE(ApiCategory.FILESYSTEM, "writing, creating, copying or moving files"),
    FS_DELETE(ApiCategory.FILESYSTEM, "deleting files and trees (wipers, trace removal)"),
    FS_ENUMERATE(ApiCategory.FILESYSTEM, "listing directories and globbing (searching for loot)"),
    FS_PERMISSIONS(ApiCategory.FILESYSTEM, "changing modes and owners (chmod +x before running a drop)"),
    FS_ARCHIVE(ApiCategory.FILESYSTEM, "zip/tar archives (packing loot, unpacking payloads)"),
    FS_TEMP(ApiCategory.FILESYSTEM, "temporary files and directories (drop locations)"),
    FS_HOME(ApiCategory.FILESYSTEM, "resolving the user's home and profile directories"),
    FS_DATABASE(ApiCategory.FILESYSTEM, "opening SQLite databases (browser cookie and password stores)"),
    HOST_IDENTITY(ApiCategory.HOST_INFO, "user name, host name, OS, hardware, network interfaces"),
    HOST_ENVIRONMENT(ApiCategory.HOST_INFO, "environment variables (tokens and CI secrets live there)"),
    HOST_SPY(ApiCategory.HOST_INFO, "screenshots, clipboard, keyboard, webcam, processes"),
    HOST_REGISTRY(ApiCategory.HOST_INFO, "the Windows registry"),
    HOST_CREDENTIALS(ApiCategory.HOST_INFO, "credential stores and browser-secret decryption"),
    CMD_SHELL(ApiCategory.COMMAND, "commands run through a shell (os.system, os.popen, ...)"),
    CMD_PROCESS(ApiCategory.COMMAND, "processes started directly (subprocess, spawn, exec*, startfile)"),
    CODE_EVAL(ApiCategory.CODE, "eval/exec/compile of code held in data"),
    CODE_IMPORT(ApiCategory.CODE, "dynamic imports, loaders of code by path or name, start-up and exit hooks"),
    CODE_DESERIALIZE(ApiCategory.CODE, "code-bearing deserialisation (marshal, pickle, dill)"),
    CODE_NATIVE(ApiCategory.CODE, "native code (ctypes, cffi), memory and thread tricks"),
    ENC_BASE(ApiCategory.ENCODING, "base64/32/16/85 encoding and decoding"),
    ENC_HEX(ApiCategory.ENCODING, "hex encoding and decoding"),
    ENC_COMPRESSION(ApiCategory.ENCODING, "zlib/gzip/bz2/lzma (de)compression"),
    ENC_CRYPTO(ApiCategory.ENCODING, "ciphers and key derivation (AES, Fernet, RC4, ...)"),
    ENC_CHARS(ApiCategory.ENCODING, "char-code conversions (chr, ord, bytes of ints, codecs)");

    private final ApiCategory category;
    private final String meaning;
    private final String id;

    ApiGroup(ApiCategory category, String meaning) {
        this.category = category;
        this.meaning = meaning;
        this.id = name().toLowerCase(java.util.Locale.ROOT);
    }

    public ApiCategory category() {
        return category;
    }

    public String meaning() {
        return meaning;
    }

    public String id() {
        return id;
    }
}
