package dev.fang.featurize.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fang's own lists of suspicious strings and the scanners for URLs, IPs and encoded chunks. Every list here
 * was written for Fang from what stealers, droppers, beacons and backdoors reach for; matching is
 * case-insensitive and works on string values after the analyzer's folding and decoding.
 */
final class Indicators {

    /** One indicator: a stable id, its category, and a literal (lower-case) or a regular expression. */
    /**
     * @param anchors for a regex, literals of which any match must contain one: a cheap test that skips the
     *                regex on the many strings that cannot match
     */
    record Indicator(String id, IndicatorCategory category, String literal, Pattern regex, List<String> anchors) {
        boolean matches(String lower) {
            if (literal != null) {
                return lower.contains(literal);
            }
            for (String anchor : anchors) {
                if (lower.contains(anchor)) {
                    return regex.matcher(lower).find();
                }
            }
            return false;
        }
    }

    /** Longest string scanned; longer values are scanned on their first this-many characters. */
    static final int MAX_SCAN = 1 << 20;

    static final List<Indicator> ALL = new ArrayList<>();

    private static void lit(IndicatorCategory c, String... literals) {
        for (String l : literals) {
            ALL.add(new Indicator(l, c, l.toLowerCase(Locale.ROOT), null, List.of()));
        }
    }

    private static void re(IndicatorCategory c, String id, String regex, String... anchors) {
        ALL.add(new Indicator(id, c, null, Pattern.compile(regex), List.of(anchors)));
    }

    static {
        IndicatorCategory c = IndicatorCategory.CREDENTIALS;
        re(c, ".ssh/", "\\.ssh[/\\\\]", ".ssh");
        lit(c, "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", ".aws/credentials", ".aws\\credentials",
                ".docker/config.json", ".kube/config", ".npmrc", ".pypirc", ".netrc", ".git-credentials",
                ".gnupg", "/etc/shadow", "/etc/passwd", ".bash_history", ".zsh_history",
                "application_default_credentials.json", ".azure/accesstokens", "accesstokens.json",
                "recentservers.xml", "sitemanager.xml", ".config/gcloud", "credentials.db", "keychain-db",
                "login.keychain", ".vault-token", "terraform.tfstate");

        c = IndicatorCategory.BROWSER_DATA;
        lit(c, "cookies.sqlite", "logins.json", "key4.db", "key3.db",
                "encrypted_key", "encrypted_value", "password_value", "formhistory.sqlite", "bravesoftware",
                "yandexbrowser", "opera software", "vivaldi\\user data");
        re(c, "login data", "(^|[/\\\\])login data$", "login data");
        re(c, "local state", "(^|[/\\\\])local state$", "local state");
        re(c, "web data", "(^|[/\\\\])web data$", "web data");
        re(c, "cookies file", "(^|[/\\\\])cookies$", "cookies");
        re(c, "chrome user data", "chrome[/\\\\]+user data", "user data");
        re(c, "edge user data", "edge[/\\\\]+user data", "user data");
        re(c, "firefox profiles", "firefox[/\\\\]+profiles", "firefox");
        re(c, "network/cookies", "network[/\\\\]+cookies", "cookies");
        re(c, "default/cookies", "default[/\\\\]+cookies", "cookies");

        c = IndicatorCategory.MESSAGING_TOKENS;
        re(c, "discord app folder", "discord(canary|ptb|development)?[/\\\\]+(local storage|leveldb)", "discord");
        re(c, "leveldb store", "local storage[/\\\\]+leveldb", "leveldb");
        re(c, "discord token shape", "(?<![\\w.-])[\\w-]{24,26}\\.[\\w-]{6}\\.[\\w-]{27,38}(?![\\w.-])", ".");
        re(c, "discord mfa token", "mfa\\.[\\w-]{80,90}", "mfa.");
        lit(c, "dqw4w9wgxcq:", "discord_token", ".roblosecurity", "loginusers.vdf");
        re(c, "tdata folder", "(^|[/\\\\])tdata([/\\\\]|$)", "tdata");
        re(c, "telegram desktop", "telegram desktop[/\\\\]", "telegram desktop");

        c = IndicatorCategory.CRYPTO_WALLETS;
        lit(c, "wallet.dat", "exodus.wallet", "nkbihfbeogaeaoehlefnkodbefgpgknn", "ibnejdfjmmkpcnlpebklmnkoeoihofec",
                "fhbohimaelbohpjbbldcngcnapndodjp", "coinomi", "jaxx liberty", "bitcoin core", "zcash",
                "bytecoin", "atomicwallet", "seed.seco", "mnemonic phrase", "metamask");
        re(c, "electrum wallets", "electrum[/\\\\]+wallets", "electrum");
        re(c, "atomic local storage", "atomic[/\\\\]+local storage", "local storage");
        re(c, "ethereum keystore", "ethereum[/\\\\]+keystore", "keystore");
        re(c, "exodus folder", "exodus[/\\\\]+exodus", "exodus");
        re(c, "wallet address shape", "(?<![\\w])(bc1[a-z0-9]{39,59}|0x[0-9a-f]{40})(?![\\w])", "bc1", "0x");

        c = IndicatorCategory.EXFIL_SERVICES;
        lit(c, "discord.com/api/webhooks", "discordapp.com/api/webhooks", "api.telegram.org/bot", "pastebin.com",
                "paste.ee", "hastebin", "ghostbin", "termbin.com", "transfer.sh", "ngrok.io", "ngrok-free.app",
                "ngrok.app", "ngrok.dev", "requestbin", "pipedream.net", "interact.sh", "interactsh", "oast.fun",
                "oast.pro", "oast.live", "oast.site", "oast.online", "oast.me", "oastify.com", "burpcollaborator",
                "webhook.site", "canarytokens", "dnslog.cn", "ceye.io", "beeceptor.com", "serveo.net", ".loca.lt",
                "localtunnel.me", "trycloudflare.com", "file.io", "anonfiles", "gofile.io", "0x0.st", "temp.sh",
                "catbox.moe", "bashupload", "hookbin", "duckdns.org", "no-ip.", "ddns.net", "hopto.org",
                "portmap.io", "playit.gg", "ufile.io", "filebin.net", "ptpb.pw", "requestcatcher.com",
                "mockbin", "postb.in", "sprunge.us");

        c = IndicatorCategory.IP_LOOKUP;
        lit(c, "ipinfo.io", "ifconfig.me", "ipify.org", "checkip.amazonaws.com", "icanhazip.com", "ip-api.com",
                "myexternalip.com", "ipapi.co", "wtfismyip.com", "ident.me", "httpbin.org/ip", "geolocation-db.com",
                "ipwho.is", "ipgeolocation", "checkip.dyndns", "myip.com", "ip.sb", "api.myip");

        c = IndicatorCategory.DOWNLOAD_EXEC;
        re(c, "pipe to shell", "(curl|wget)\\b[^|;&\\n]*\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b", "curl", "wget");
        re(c, "wget url", "\\bwget\\s+(-\\S+\\s+)*['\"]?(https?|ftp)://", "wget");
        re(c, "curl url", "\\bcurl\\s+(-\\S+\\s+)*['\"]?(https?|ftp)://", "curl");
        re(c, "powershell encoded", "powershell(\\.exe)?\\b.*\\s-(e|ec|enc|encodedcommand)\\s", "powershell");
        re(c, "powershell hidden", "powershell(\\.exe)?\\b.*\\s-(w(indowstyle)?\\s+h(idden)?|nop(rofile)?\\b|ep\\s+bypass|executionpolicy\\s+bypass)", "powershell");
        re(c, "certutil download", "certutil(\\.exe)?\\s+.*-urlcache", "certutil");
        re(c, "bitsadmin transfer", "bitsadmin(\\.exe)?\\s+.*/transfer", "bitsadmin");
        re(c, "mshta", "\\bmshta(\\.exe)?\\s", "mshta");
        re(c, "rundll32", "\\brundll32(\\.exe)?\\s", "rundll32");
        re(c, "regsvr32", "\\bregsvr32(\\.exe)?\\s", "regsvr32");
        re(c, "chmod exec", "\\bchmod\\s+(-\\S+\\s+)*(\\+x|[ugoa]+\\+x|0?[0-7]?7[0-7][0-7])\\b", "chmod");
        re(c, "cmd /c", "\\bcmd(\\.exe)?\\s+/[ck]\\s", "cmd");
        lit(c, "invoke-webrequest", "invoke-expression", "downloadstring(", "downloadfile(", "start-process",
                "new-object net.webclient", "system.net.webclient", "iwr ", "iex(", "iex (");

        c = IndicatorCategory.REVERSE_SHELL;
        lit(c, "/dev/tcp/", "/dev/udp/", "0>&1", ">& /dev/", "socat exec:", "socat tcp", "mkfifo /tmp/",
                "/bin/sh -i", "/bin/bash -i", "bash -i", "sh -i >&", "meterpreter", "reverse_tcp", "reverse shell");
        re(c, "nc -e", "\\b(nc|ncat|netcat)(\\.exe)?\\s+(-\\S+\\s+)*-[a-z]*[ec]\\s", "nc", "netcat");

        c = IndicatorCategory.PERSISTENCE;
        lit(c, "crontab", "/etc/cron", "/var/spool/cron", ".bashrc", ".bash_profile", ".zshrc", ".zprofile",
                "systemctl enable", "/etc/systemd/system", ".config/systemd/user", "launchagents", "launchdaemons",
                "schtasks", "/etc/rc.local", "/etc/init.d", "authorized_keys", "sitecustomize", "usercustomize",
                ".config/autostart", "winlogon", "image file execution options", "/etc/profile.d", "ld.so.preload",
                "reg add");
        re(c, "registry run key", "currentversion[/\\\\]+run(once)?\\b", "currentversion");
        re(c, "startup folder", "programs[/\\\\]+startup", "startup");
        re(c, "~/.profile", "[/\\\\~]\\.profile\\b", ".profile");

        c = IndicatorCategory.EVASION;
        lit(c, "set-mppreference", "add-mppreference", "disablerealtimemonitoring", "exclusionpath",
                "vboxservice", "vboxtray", "vmtoolsd", "vmwaretray", "vmwareuser", "sbiedll", "wireshark",
                "procmon", "x64dbg", "ollydbg", "ida64", "fiddler", "httpdebuggerui", "isdebuggerpresent",
                "checkremotedebuggerpresent", "vssadmin delete", "wevtutil cl", "history -c", "unset histfile",
                "attrib +h", "taskkill /f", "netsh advfirewall set", "disable-windowsoptionalfeature", "amsiutils",
                "amsiinitfailed", "qemu-ga", "virtualbox guest", "sandboxie");
    }

    private Indicators() {
    }

    /*
     * Matching scans a string once: every literal, and every anchor of a regex, is a "needle" filed under its
     * first two characters (or its only character). A literal indicator matches when its needle occurs; a regex
     * indicator is tried only when one of its anchors occurs, exactly as Indicator.matches would do.
     */
    private static final int ASCII = 128;
    private static final int TRIPLE_HASHES = 1 << 15;
    private static final String[] NEEDLES;
    private static final int[] OWNER;
    /** Each needle's third char, or -1 when it has two: most pair candidates fail on it without a call. */
    private static final int[] THIRD;
    private static final int[][] BY_PAIR = new int[ASCII * ASCII][];
    /**
     * Which pairs start a needle, one bit each: 2 KB that stay in the first-level cache, where {@link #BY_PAIR}
     * (64 KB of mostly null references) does not; nearly every pair of a string has no needle.
     */
    private static final long[] PAIR_BITS = new long[ASCII * ASCII / 64];
    /** Pairs that are a whole needle themselves, one bit each. */
    private static final long[] SHORT_PAIR_BITS = new long[ASCII * ASCII / 64];
    /**
     * The first three chars of the longer needles, one bit per hash ({@link #tripleHash}): many needles start
     * with a pair of common letters ("re", "in", "co"), but few of their third chars follow it in text, so most
     * positions where a pair matches are ruled out here (4 KB, in the first-level cache) without BY_PAIR.
     */
    private static final long[] TRIPLE_BITS = new long[TRIPLE_HASHES / 64];
    /** The first three chars of the three-char needles, one bit per hash: they need no fourth char. */
    private static final long[] WHOLE_TRIPLE_BITS = new long[TRIPLE_HASHES / 64];
    /**
     * The first four chars of the needles of four or more, one bit per hash ({@link #quadHash}): common trigrams
     * start many needles ("loc", "use", "key", "sta"), and their fourth char rules out most positions a triple
     * lets through, before any needle is compared.
     */
    private static final long[] QUAD_BITS = new long[TRIPLE_HASHES / 64];
    private static final int[][] BY_CHAR = new int[ASCII][];
    /** Needles that are not ASCII (none today): matched with {@code contains}. */
    private static final int[] OTHER;

    static {
        List<String> needles = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int k = 0; k < ALL.size(); k++) {
            Indicator ind = ALL.get(k);
            for (String n : ind.literal() != null ? List.of(ind.literal()) : ind.anchors()) {
                needles.add(n);
                owners.add(k);
            }
        }
        NEEDLES = needles.toArray(new String[0]);
        OWNER = new int[NEEDLES.length];
        THIRD = new int[NEEDLES.length];
        List<List<Integer>> pair = new ArrayList<>();
        for (int i = 0; i < ASCII * ASCII; i++) {
            pair.add(null);
        }
        List<List<Integer>> single = new ArrayList<>();
        for (int i = 0; i < ASCII; i++) {
            single.add(null);
        }
        List<Integer> other = new ArrayList<>();
        for (int n = 0; n < NEEDLES.length; n++) {
            OWNER[n] = owners.get(n);
            String s = NEEDLES[n];
            THIRD[n] = s.length() > 2 ? s.charAt(2) : -1;
            boolean ascii = !s.isEmpty();
            for (int i = 0; i < s.length(); i++) {
                ascii &= s.charAt(i) < ASCII;
            }
            if (!ascii) {
                other.add(n);
            } else if (s.length() == 1) {
                if (single.get(s.charAt(0)) == null) {
                    single.set(s.charAt(0), new ArrayList<>());
                }
                single.get(s.charAt(0)).add(n);
            } else {
                int key = s.charAt(0) * ASCII + s.charAt(1);
                if (s.length() == 2) {
                    SHORT_PAIR_BITS[key >>> 6] |= 1L << key;
                } else {
                    int h = tripleHash(key, s.charAt(2));
                    TRIPLE_BITS[h >>> 6] |= 1L << h;
                    if (s.length() == 3) {
                        WHOLE_TRIPLE_BITS[h >>> 6] |= 1L << h;
                    } else {
                        int q = quadHash(h, s.charAt(3));
                        QUAD_BITS[q >>> 6] |= 1L << q;
                    }
                }
                if (pair.get(key) == null) {
                    pair.set(key, new ArrayList<>());
                }
                pair.get(key).add(n);
            }
        }
        for (int i = 0; i < ASCII * ASCII; i++) {
            if (pair.get(i) != null) {
                BY_PAIR[i] = pair.get(i).stream().mapToInt(Integer::intValue).toArray();
                PAIR_BITS[i >>> 6] |= 1L << i;
            }
        }
        for (int i = 0; i < ASCII; i++) {
            if (single.get(i) != null) {
                BY_CHAR[i] = single.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
        }
        OTHER = other.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int tripleHash(int pairKey, int third) {
        return (pairKey * 131 + third) & (TRIPLE_HASHES - 1);
    }

    private static int quadHash(int tripleHash, int fourth) {
        return (tripleHash * 131 + fourth) & (TRIPLE_HASHES - 1);
    }

    /** Whether a needle of three chars or more may start at i of s, judged by its first three or four chars. */
    private static boolean longNeedleMayStart(String s, int i, int n, int pairKey) {
        if (i + 2 >= n) {
            return false;
        }
        int h = tripleHash(pairKey, s.charAt(i + 2));
        if ((TRIPLE_BITS[h >>> 6] & 1L << h) == 0) {
            return false;
        }
        if ((WHOLE_TRIPLE_BITS[h >>> 6] & 1L << h) != 0) {
            return true;
        }
        if (i + 3 >= n) {
            return false;
        }
        int q = quadHash(h, s.charAt(i + 3));
        return (QUAD_BITS[q >>> 6] & 1L << q) != 0;
    }


    /*
     * Cheap necessary conditions for some regular expressions whose anchors are common in ordinary code (".",
     * "nc", "tdata" in "metadata", ...): when the condition fails the expression cannot match, so it is not run.
     * Each condition is implied by its expression; none can make a string match.
     */
    private static final java.util.function.Predicate<String>[] PREFILTER = prefilters();

    @SuppressWarnings("unchecked")
    private static java.util.function.Predicate<String>[] prefilters() {
        Map<String, java.util.function.Predicate<String>> byId = new HashMap<>();
        byId.put("discord token shape", Indicators::discordShape);
        byId.put("nc -e", s -> spaceDash(s) && (netcatWord(s, "nc") || netcatWord(s, "ncat") || netcatWord(s, "netcat")));
        byId.put("tdata folder", s -> afterSeparator(s, "tdata"));
        byId.put("cookies file", s -> afterSeparator(s, "cookies"));
        byId.put("cmd /c", s -> s.contains("/c") || s.contains("/k"));
        byId.put("chmod exec", s -> followedBySpace(s, "chmod"));
        byId.put("pipe to shell", s -> s.indexOf('|') >= 0);
        byId.put("wget url", s -> s.contains("://"));
        byId.put("curl url", s -> s.contains("://"));
        byId.put("network/cookies", s -> s.contains("network"));
        byId.put("default/cookies", s -> s.contains("default"));
        byId.put("startup folder", s -> s.contains("programs"));
        byId.put("chrome user data", s -> s.contains("chrome"));
        byId.put("edge user data", s -> s.contains("edge"));
        byId.put("leveldb store", s -> s.contains("local storage"));
        byId.put("atomic local storage", s -> s.contains("atomic"));
        byId.put("ethereum keystore", s -> s.contains("ethereum"));
        byId.put("wallet address shape", Indicators::walletShape);
        java.util.function.Predicate<String>[] out = new java.util.function.Predicate[ALL.size()];
        for (int k = 0; k < ALL.size(); k++) {
            Indicator ind = ALL.get(k);
            out[k] = ind.regex() != null && byId.containsKey(ind.id()) ? byId.get(ind.id()) : null;
        }
        return out;
    }

    /**
     * "[\w-]{24,26}\.[\w-]{6}\.[\w-]{27,38}" needs a dot with 24 word chars or dashes before it, six after it,
     * then a dot and 27 more (the expression itself was slow on long texts with many such dots).
     */
    private static boolean discordShape(String s) {
        for (int i = s.indexOf('.', 24); i >= 0 && i + 34 < s.length(); i = s.indexOf('.', i + 1)) {
            if (s.charAt(i + 7) == '.' && wordOrDashRun(s, i - 24, 24) && wordOrDashRun(s, i + 1, 6)
                    && wordOrDashRun(s, i + 8, 27)) {
                return true;
            }
        }
        return false;
    }

    /** Whether s[from, from + n) are all {@code [\w-]} (ASCII, as the expressions' {@code \w}). */
    private static boolean wordOrDashRun(String s, int from, int n) {
        for (int k = from; k < from + n; k++) {
            char c = s.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** "bc1[a-z0-9]{39,59}|0x[0-9a-f]{40}" needs "bc1" and 39 of [a-z0-9], or "0x" and 40 hex digits. */
    private static boolean walletShape(String s) {
        int n = s.length();
        if (n < 42) {
            return false;
        }
        for (int i = s.indexOf("0x"); i >= 0 && i + 42 <= n; i = s.indexOf("0x", i + 1)) {
            if (run(s, i + 2, 40, true)) {
                return true;
            }
        }
        for (int i = s.indexOf("bc1"); i >= 0 && i + 42 <= n; i = s.indexOf("bc1", i + 1)) {
            if (run(s, i + 3, 39, false)) {
                return true;
            }
        }
        return false;
    }

    /** Whether s[from, from + n) are all {@code [0-9a-f]} (hex) or all {@code [a-z0-9]}. */
    private static boolean run(String s, int from, int n, boolean hex) {
        for (int k = from; k < from + n; k++) {
            char c = s.charAt(k);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= (hex ? 'f' : 'z'))) {
                return false;
            }
        }
        return true;
    }

    /** "(nc|ncat|netcat)(\.exe)?\s" needs the word followed by a whitespace character, or by ".exe" and one. */
    private static boolean netcatWord(String s, String word) {
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            int j = i + word.length();
            if (j < s.length() && regexSpace(s.charAt(j))
                    || s.startsWith(".exe", j) && j + 4 < s.length() && regexSpace(s.charAt(j + 4))) {
                return true;
            }
        }
        return false;
    }

    /** An IPv4 address needs a digit, a dot, 1-3 digits, a dot, 1-3 digits, a dot and a digit. */
    static boolean ipShape(String s) {
        int n = s.length();
        for (int i = s.indexOf('.', 1); i > 0; i = s.indexOf('.', i + 1)) {
            if (!digit(s.charAt(i - 1))) {
                continue;
            }
            int j = i;
            boolean ok = true;
            for (int part = 0; part < 2 && ok; part++) {
                int k = j + 1;
                while (k < n && k - j <= 3 && digit(s.charAt(k))) {
                    k++;
                }
                ok = k - j >= 2 && k - j <= 4 && k < n && s.charAt(k) == '.';
                j = k;
            }
            if (ok && j + 1 < n && digit(s.charAt(j + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** "\s+(-\S+\s+)*-" needs a whitespace character (as {@code \s}) followed by '-'. */
    private static boolean spaceDash(String s) {
        for (int i = s.indexOf('-', 1); i > 0; i = s.indexOf('-', i + 1)) {
            if (regexSpace(s.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean regexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** "(^|[/\\])word" needs the word at the start or after a slash or backslash. */
    private static boolean afterSeparator(String s, String word) {
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            if (i == 0 || s.charAt(i - 1) == '/' || s.charAt(i - 1) == '\\') {
                return true;
            }
        }
        return false;
    }

    /** "word\s" needs the word followed by a whitespace character (as {@code \s}). */
    private static boolean followedBySpace(String s, String word) {
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            int j = i + word.length();
            if (j < s.length() && regexSpace(s.charAt(j))) {
                return true;
            }
        }
        return false;
    }

    /** Indicators matched by one string value (lower-cased by the caller). */
    static List<Indicator> match(String lower) {
        if (lower.length() < 4) {
            return List.of();
        }
        String s = lower.length() > MAX_SCAN ? lower.substring(0, MAX_SCAN) : lower;
        boolean[] found = null;   // per indicator: its literal, or one of its anchors, occurs in s
        // the lowest and highest indicator found: "." anchors one regex, and most strings hold a dot
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        int n = s.length();
        char next = s.charAt(0);
        for (int i = 0; i < n; i++) {
            char c = next;
            next = i + 1 < n ? s.charAt(i + 1) : 0;
            if (c >= ASCII) {
                continue;
            }
            int[] one = BY_CHAR[c];
            if (one != null) {
                if (found == null) {
                    found = new boolean[ALL.size()];
                }
                for (int k : one) {
                    found[OWNER[k]] = true;
                    lo = Math.min(lo, OWNER[k]);
                    hi = Math.max(hi, OWNER[k]);
                }
            }
            if (next == 0 || next >= ASCII) {
                continue;
            }
            int pairKey = c * ASCII + next;
            if ((PAIR_BITS[pairKey >>> 6] & 1L << pairKey) != 0) {
                if ((SHORT_PAIR_BITS[pairKey >>> 6] & 1L << pairKey) == 0 && !longNeedleMayStart(s, i, n, pairKey)) {
                    continue;   // no needle of this pair can start here
                }
                int third = i + 2 < n ? s.charAt(i + 2) : -2;
                int[] two = BY_PAIR[pairKey];
                for (int k : two) {
                    int owner = OWNER[k];
                    if ((THIRD[k] < 0 || THIRD[k] == third) && (found == null || !found[owner])
                            && s.startsWith(NEEDLES[k], i)) {
                        if (found == null) {
                            found = new boolean[ALL.size()];
                        }
                        found[owner] = true;
                        lo = Math.min(lo, owner);
                        hi = Math.max(hi, owner);
                    }
                }
            }
        }
        for (int k : OTHER) {
            if (s.contains(NEEDLES[k])) {
                if (found == null) {
                    found = new boolean[ALL.size()];
                }
                found[OWNER[k]] = true;
                lo = Math.min(lo, OWNER[k]);
                hi = Math.max(hi, OWNER[k]);
            }
        }
        if (found == null) {
            return List.of();   // most strings: no list made
        }
        List<Indicator> out = new ArrayList<>(2);
        for (int k = lo; k <= hi; k++) {
            if (found[k]) {
                Indicator ind = ALL.get(k);
                if (ind.literal() != null || (PREFILTER[k] == null || PREFILTER[k].test(s)) && ind.regex().matcher(s).find()) {
                    out.add(ind);
                }
            }
        }
        return out;
    }

    // ---- URLs ------------------------------------------------------------------------------------------------

    static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:https?|ftp|wss?|tcp|udp)://[^\\s'\"<>`{}|\\\\^]{1,2000}");

    /** Popular domains: links to them are in every benign package, so they never count as unpopular. */
    static final Set<String> POPULAR = Set.of(
            "python.org", "pypi.org", "pythonhosted.org", "readthedocs.io", "readthedocs.org", "github.com",
            "github.io", "gitlab.com", "bitbucket.org", "sourceforge.net", "google.com", "googleapis.com",
            "googlesource.com", "microsoft.com", "apple.com", "mozilla.org", "w3.org", "apache.org", "gnu.org",
            "opensource.org", "creativecommons.org", "wikipedia.org", "stackoverflow.com", "example.com",
            "example.org", "example.net", "localhost", "ietf.org", "json-schema.org", "sphinx-doc.org",
            "djangoproject.com", "palletsprojects.com", "numpy.org", "scipy.org", "pandas.pydata.org",
            "pydata.org", "jupyter.org", "conda.io", "anaconda.org", "docker.com", "docker.io", "npmjs.com",
            "youtube.com", "twitter.com", "x.com", "linkedin.com", "facebook.com", "medium.com", "travis-ci.org",
            "travis-ci.com", "circleci.com", "codecov.io", "coveralls.io", "shields.io", "badge.fury.io",
            "pepy.tech", "semver.org", "keepachangelog.com", "unicode.org", "xml.org", "schemas.xmlsoap.org",
            "openssl.org", "kernel.org", "debian.org", "ubuntu.com", "fedoraproject.org", "redhat.com",
            "pytorch.org", "tensorflow.org", "huggingface.co", "scikit-learn.org", "matplotlib.org",
            "mit-license.org", "choosealicense.com", "gravatar.com", "cloudflare.com", "amazon.com",
            "mypy-lang.org", "pytest.org", "sqlalchemy.org", "djangoproject.org", "fastapi.tiangolo.com",
            "tiangolo.com", "python-poetry.org", "pypa.io", "setuptools.pypa.io", "packaging.python.org",
            "gitter.im", "discord.gg", "slack.com", "zenodo.org", "doi.org", "arxiv.org", "nih.gov", "nasa.gov",
            "opengis.net", "openstreetmap.org", "ecma-international.org", "iana.org", "rfc-editor.org");

    /** Link shorteners. */
    static final Set<String> SHORTENERS = Set.of("bit.ly", "tinyurl.com", "is.gd", "t.co", "goo.gl", "cutt.ly",
            "rb.gy", "shorturl.at", "ow.ly", "buff.ly", "rebrand.ly", "tiny.cc", "v.gd", "s.id", "t.ly", "bl.ink",
            "shorte.st", "adf.ly", "lnkd.in", "iplogger.org", "grabify.link", "2no.co", "iplogger.com");

    private static final Set<String> EXECUTABLE_TYPES = Set.of(".exe", ".dll", ".scr", ".msi", ".bat", ".cmd", ".ps1",
            ".vbs", ".hta", ".sh", ".bin", ".elf", ".jar", ".apk", ".so", ".py", ".pyc", ".pyw", ".lnk", ".js");

    /** A URL found in a string, with its lower-cased host, explicit port (-1 if none) and path. */
    record Url(String text, String host, int port, String path) { }

    /**
     * {@code m.find()} continued from {@code from}, tried only where a match can start: a scheme of 2 to 5
     * letters right before a "://". The regex is run anchored at those few positions, in increasing order, with
     * transparent bounds (so {@code \b} sees the character before), which finds the same leftmost match.
     */
    static boolean nextUrl(Matcher m, String s, int from) {
        int n = s.length();
        for (int k = s.indexOf("://", from); k >= 0; k = s.indexOf("://", k + 1)) {
            for (int p = Math.max(from, k - 5); p <= k - 2; p++) {
                m.region(p, n);
                if (m.lookingAt()) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<Url> urls(String value) {
        List<Url> out = new ArrayList<>();
        if (value.indexOf("://") < 0) {
            return out;
        }
        String s = value.length() > MAX_SCAN ? value.substring(0, MAX_SCAN) : value;
        Matcher m = URL.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        while (nextUrl(m, s, from) && out.size() < 1000) {
            from = m.end();
            String text = m.group();
            while (!text.isEmpty() && ".,;:)]".indexOf(text.charAt(text.length() - 1)) >= 0) {
                text = text.substring(0, text.length() - 1);
            }
            int start = text.indexOf("://") + 3;
            int end = start;
            while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            String authority = text.substring(start, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                authority = authority.substring(at + 1);
            }
            String host = authority;
            int port = -1;
            int colon = authority.lastIndexOf(':');
            if (colon > 0 && authority.indexOf(']') < colon) {
                host = authority.substring(0, colon);
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            host = host.toLowerCase(Locale.ROOT);
            if (host.isEmpty() || host.indexOf('{') >= 0 || host.indexOf('%') >= 0) {
                continue;   // templated: "http://{host}/"
            }
            String path = end < text.length() ? text.substring(end) : "";
            out.add(new Url(text, host, port, path));
        }
        return out;
    }

    static boolean popular(String host) {
        return matchesDomain(host, POPULAR) || isPrivateOrReserved(host);
    }

    static boolean shortener(String host) {
        return matchesDomain(host, SHORTENERS);
    }

    private static boolean matchesDomain(String host, Set<String> domains) {
        String h = host;
        while (true) {
            if (domains.contains(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return false;
            }
            h = h.substring(dot + 1);
        }
    }

    static boolean executableDownload(Url u) {
        String p = u.path().toLowerCase(Locale.ROOT);
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        int hash = p.indexOf('#');
        if (hash >= 0) {
            p = p.substring(0, hash);
        }
        int dot = p.lastIndexOf('.');
        return dot >= 0 && p.lastIndexOf('/') < dot && EXECUTABLE_TYPES.contains(p.substring(dot));
    }

    static boolean unusualPort(Url u) {
        return u.port() > 0 && u.port() != 80 && u.port() != 443 && u.port() != 8080 && u.port() != 8443;
    }

    // ---- IPv4 ------------------------------------------------------------------------------------------------

    static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})(?::(\\d{1,5}))?(?![\\w.]|\\.\\d)");

    /** A public IPv4 address in a string; {@code endpoint} when it carries a port or is a URL host. */
    record Ip(String address, boolean endpoint) { }

    static List<Ip> publicIps(String value) {
        List<Ip> out = new ArrayList<>();
        if (value.length() < 7) {
            return out;
        }
        String s = value.length() > MAX_SCAN ? value.substring(0, MAX_SCAN) : value;
        if (!ipShape(s)) {
            return out;
        }
        Matcher m = IPV4.matcher(s);
        while (m.find() && out.size() < 1000) {
            String ip = m.group(1);
            if (isPrivateOrReserved(ip) || versionLike(s, m.start())) {
                continue;
            }
            boolean endpoint = m.group(2) != null || (m.start() >= 3 && s.startsWith("://", m.start() - 3));
            out.add(new Ip(ip, endpoint));
        }
        return out;
    }

    private static boolean versionLike(String s, int start) {
        int from = Math.max(0, start - 8);
        String before = s.substring(from, start).toLowerCase(Locale.ROOT);
        return before.endsWith("v") || before.contains("version") || before.endsWith("==") || before.endsWith(">=")
                || before.endsWith("<=") || before.endsWith("~=");
    }

    /** Loopback, private, link-local, CGNAT, multicast, reserved, documentation and broadcast ranges. */
    static boolean isPrivateOrReserved(String host) {
        String[] parts = host.split("\\.");
        if (parts.length != 4) {
            return host.equals("localhost") || host.endsWith(".local") || host.endsWith(".localhost")
                    || host.equals("[::1]");
        }
        int[] o = new int[4];
        try {
            for (int i = 0; i < 4; i++) {
                o[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return o[0] == 0 || o[0] == 10 || o[0] == 127 || o[0] >= 224
                || (o[0] == 169 && o[1] == 254) || (o[0] == 172 && o[1] >= 16 && o[1] <= 31)
                || (o[0] == 192 && o[1] == 168) || (o[0] == 100 && o[1] >= 64 && o[1] <= 127)
                || (o[0] == 192 && o[1] == 0 && o[2] == 2) || (o[0] == 198 && o[1] == 51 && o[2] == 100)
                || (o[0] == 203 && o[1] == 0 && o[2] == 113) || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
                || (o[0] == 255) || (o[1] == 255 && o[2] == 255);
    }

    // ---- encoded chunks ------------------------------------------------------------------------------------

    /** The definitions of the hand-written scanners below (kept for the tests that compare them). */
    static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{40,}={0,2}");
    static final Pattern HEX = Pattern.compile("(?i)(?<![0-9a-f])(?:[0-9a-f]{2}){32,}(?![0-9a-f])");

    /*
     * The two scanners below find exactly what these regular expressions find, in one pass:
     * base64 "[A-Za-z0-9+/_-]{40,}={0,2}" (a maximal run of 40+ such characters, and up to two '=' after it) and
     * hex "(?i)(?<![0-9a-f])(?:[0-9a-f]{2}){32,}(?![0-9a-f])" (a maximal run of hex digits of even length 64+).
     */

    private static boolean base64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '_' || c == '-';
    }

    private static boolean hexChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * Start of the first maximal run of at least {@code min} hex (or base64) characters at or after {@code from},
     * or -1; {@code from} is 0 or follows a character outside the class. It reads the last character a run from
     * here would need, then backwards: one character outside the class rules out every start up to it, so
     * ordinary text is skipped many characters at a time.
     */
    private static int nextLongRun(String s, int from, int min, boolean hex) {
        int i = from;
        while (i + min <= s.length()) {
            int k = i + min - 1;
            while (k >= i && (hex ? hexChar(s.charAt(k)) : base64Char(s.charAt(k)))) {
                k--;
            }
            if (k < i) {
                return i;
            }
            i = k + 1;
        }
        return -1;
    }

    /** Base64-looking runs of 40+ characters: mixed case and digits, not a plain word or path. */
    static List<String> base64Chunks(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() < 40) {
            return out;
        }
        String s = value.length() > MAX_SCAN ? value.substring(0, MAX_SCAN) : value;
        int n = s.length();
        int i = 0;
        while (out.size() < 1000) {
            int start = nextLongRun(s, i, 40, false);
            if (start < 0) {
                break;
            }
            i = start;
            int upper = 0;
            int lower = 0;
            int digit = 0;
            boolean underscores = false;
            char prev = 0;
            while (i < n) {
                char ch = s.charAt(i);
                if (ch >= 'A' && ch <= 'Z') {
                    upper++;
                } else if (ch >= 'a' && ch <= 'z') {
                    lower++;
                } else if (ch >= '0' && ch <= '9') {
                    digit++;
                } else if (!base64Char(ch)) {
                    break;
                }
                underscores |= ch == '_' && prev == '_';
                prev = ch;
                i++;
            }
            for (int pad = 0; pad < 2 && i < n && s.charAt(i) == '='; pad++) {
                i++;
            }
            int len = i - start;    // '=' counts in the length, as in the matched text
            if (upper * 10 >= len && lower * 10 >= len && digit > 0 && !underscores) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Hex-looking runs of 64+ digits (hashes of 32 bytes such as SHA-256 digests count too). */
    static List<String> hexChunks(String value) {
        List<String> out = new ArrayList<>();
        if (value.length() < 64) {
            return out;
        }
        String s = value.length() > MAX_SCAN ? value.substring(0, MAX_SCAN) : value;
        int n = s.length();
        int i = 0;
        while (out.size() < 1000) {
            int start = nextLongRun(s, i, 64, true);
            if (start < 0) {
                break;
            }
            i = start;
            boolean letters = false;
            while (i < n && hexChar(s.charAt(i))) {
                letters |= s.charAt(i) > '9';
                i++;
            }
            int len = i - start;
            if (len >= 64 && len % 2 == 0 && letters) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }
}
