package dev.fang.app;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** A package name for a local file or directory, from its name: {@code foo_bar-1.0.tar.gz} gives {@code foo_bar}. */
final class PackageNames {
    private static final Pattern ARCHIVE_SUFFIX = Pattern.compile("\\.(tar\\.gz|tar\\.bz2|tar\\.xz|tgz|tar|zip|whl|deb|egg)$");
    private static final Pattern VERSION_TAIL = Pattern.compile("[-_]\\d.*$");

    private PackageNames() {
    }

    /** The version part of {@code foo_bar-1.0.tar.gz} ({@code 1.0}), or empty. */
    static String version(Path path) {
        Path fileName = path.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? "" : ARCHIVE_SUFFIX.matcher(fileName.toString()).replaceFirst("");
        var matcher = VERSION_TAIL.matcher(name);
        if (!matcher.find()) {
            return "";
        }
        String tail = matcher.group().substring(1);
        int dash = tail.indexOf('-');
        return dash < 0 ? tail : tail.substring(0, dash);
    }

    static String guess(Path path) {
        Path fileName = path.toAbsolutePath().normalize().getFileName();
        String name = fileName == null ? "package" : fileName.toString();
        name = ARCHIVE_SUFFIX.matcher(name).replaceFirst("");
        String withoutVersion = VERSION_TAIL.matcher(name).replaceFirst("");
        return withoutVersion.isEmpty() ? name : withoutVersion;
    }
}
