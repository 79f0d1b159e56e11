package dev.fang.featurize.features;

/** The six kinds of capability an API gives a package. */
public enum ApiCategory {
    NETWORK("network", "talks to other hosts (sockets, HTTP, DNS, mail, FTP, SSH)"),
    FILESYSTEM("filesystem", "reads, writes, deletes, lists or packs files"),
    HOST_INFO("host_info", "learns about the machine and its user (identity, environment, credentials, screen, keys)"),
    COMMAND("command", "runs another program or a shell command"),
    CODE("code", "runs code it did not contain as written (eval/exec, dynamic import, deserialisation, native code)"),
    ENCODING("encoding", "decodes, decompresses or decrypts data (base-N, hex, zlib, ciphers, char codes)");

    private final String id;
    private final String meaning;

    ApiCategory(String id, String meaning) {
        this.id = id;
        this.meaning = meaning;
    }

    public String id() {
        return id;
    }

    public String meaning() {
        return meaning;
    }
}
