package dev.fang.featurize.features;

/** Categories of suspicious strings (see {@link Indicators}). */
public enum IndicatorCategory {
    CREDENTIALS("credential files: SSH keys, cloud and registry tokens, .netrc/.pypirc/.npmrc, /etc/shadow, shell history"),
    BROWSER_DATA("browser secret stores: Login Data, Cookies, Local State, logins.json, key4.db, profile folders"),
    MESSAGING_TOKENS("chat and gaming tokens: Discord token stores and token shapes, Telegram tdata, Roblox and Steam sessions"),
    CRYPTO_WALLETS("cryptocurrency wallets: wallet.dat, Exodus, Electrum, Atomic, MetaMask extension id, keystores"),
    EXFIL_SERVICES("exfiltration and callback services: Discord webhooks, Telegram bot API, paste sites, file drops, "
            + "tunnels, request bins and out-of-band testing domains, dynamic DNS"),
    IP_LOOKUP("public-IP and geolocation lookup services used to fingerprint a victim"),
    DOWNLOAD_EXEC("download-and-run commands: curl|sh, wget URL, PowerShell -enc/-nop/hidden, certutil -urlcache, "
            + "bitsadmin, mshta, rundll32, chmod +x, cmd /c"),
    REVERSE_SHELL("reverse-shell idioms: /dev/tcp, nc -e, bash -i, 0>&1, socat exec, mkfifo pipes"),
    PERSISTENCE("persistence: cron, registry Run keys, Startup folders, shell rc files, systemd units, launch agents, "
            + "scheduled tasks, authorized_keys, sitecustomize"),
    EVASION("defence evasion: Defender tampering, VM/sandbox/debugger names, log and shadow-copy wiping, hidden files");

    private final String meaning;

    IndicatorCategory(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
