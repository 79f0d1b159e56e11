package dev.fang.app;

/**
 * Reports that several commands write into (docs/benchmarks.md): each command owns one section between
 * marker comments and rewrites only that, so re-running one benchmark keeps the others' numbers.
 */
final class ReportSections {
    private ReportSections() {
    }

    static String replace(String document, String section, String content) {
        String begin = "<!-- begin " + section + " -->";
        String end = "<!-- end " + section + " -->";
        String block = begin + "\n" + content.strip() + "\n" + end;
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from >= 0 && to > from) {
            return document.substring(0, from) + block + document.substring(to + end.length());
        }
        return document.stripTrailing() + "\n\n" + block + "\n";
    }
}
