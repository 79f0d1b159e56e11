package dev.fang.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fang.archive.UnsafeArchiveException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchivePathsTest {

    private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

    @Test
    void shouldDropDotAndEmptyComponents() throws UnsafeArchiveException {
        assertThat(ArchivePaths.check("./a//b", LIMITS).path()).isEqualTo("a/b");
        assertThat(ArchivePaths.check("pkg/./mod.py", LIMITS).path()).isEqualTo("pkg/mod.py");
    }

    @Test
    void shouldTreatBackslashesAsSeparators() throws UnsafeArchiveException {
        assertThat(ArchivePaths.check("pkg\\sub\\mod.py", LIMITS).path()).isEqualTo("pkg/sub/mod.py");
    }

    @Test
    void shouldMarkTrailingSeparatorAsDirectoryAndRootAsEmpty() throws UnsafeArchiveException {
        assertThat(ArchivePaths.check("pkg/", LIMITS)).isEqualTo(new ArchivePaths.Checked("pkg", true));
        assertThat(ArchivePaths.check("pkg\\", LIMITS).trailingSlash()).isTrue();
        assertThat(ArchivePaths.check("./", LIMITS).path()).isEmpty();
    }

    @Test
    void shouldKeepNamesThatOnlyStartWithDots() throws UnsafeArchiveException {
        assertThat(ArchivePaths.check("pkg/..hidden/.env", LIMITS).path()).isEqualTo("pkg/..hidden/.env");
        assertThat(ArchivePaths.check("pkg/a..b.py", LIMITS).path()).isEqualTo("pkg/a..b.py");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../b", "a/..", "..\\..\\x", "pkg\\..\\..\\x", "a/.../b", "a/.. /b"})
    void shouldRejectDotDotComponentsAnywhere(String name) {
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check(name, LIMITS));
        assertThat(e.reason()).isEqualTo(Reason.PATH_TRAVERSAL);
        assertThat(e.entryName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "\\etc\\passwd", "C:\\Windows\\x.py", "c:x.py", "D:/x.py",
        "\\\\server\\share\\x.py", "//server/share/x.py"})
    void shouldRejectAbsolutePaths(String name) {
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check(name, LIMITS));
        assertThat(e.reason()).isEqualTo(Reason.ABSOLUTE_PATH);
        assertThat(e.getMessage()).contains("absolute path");
    }

    @Test
    void shouldRejectNulBytesAsCorrupt() {
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check("a.py\0.txt", LIMITS));
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e.getMessage()).contains("NUL byte").contains("\"a.py\\u0000.txt\"");
    }

    @Test
    void shouldRejectPathsDeeperThanTheLimit() throws UnsafeArchiveException {
        ArchiveLimits limits = LIMITS.withMaxPathDepth(3);
        assertThat(ArchivePaths.check("a/b/c.py", limits).path()).isEqualTo("a/b/c.py");
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check("a/b/c/d.py", limits));
        assertThat(e.reason()).isEqualTo(Reason.PATH_TOO_DEEP);
        assertThat(e.getMessage()).isEqualTo("entry \"a/b/c/d.py\" is 4 path components deep, over the limit of 3");
    }

    @Test
    void shouldRejectNamesLongerThanTheLimit() {
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check("x".repeat(11), LIMITS.withMaxPathLength(10)));
        assertThat(e.reason()).isEqualTo(Reason.PATH_TOO_LONG);
        assertThat(e.getMessage()).contains("11 characters, over the limit of 10");
    }

    @Test
    void shouldRejectEmptyName() {
        UnsafeArchiveException e = catchThrowableOfType(UnsafeArchiveException.class,
                () -> ArchivePaths.check("", LIMITS));
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
    }
}
