package dev.fang.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fang.archive.SafeArchiveReader.LinkPolicy;
import dev.fang.testkit.archives.FixtureArchives;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Installed trees link files routinely; a reader may leave links out instead of refusing the archive. */
class LinkPolicyTest {
    static Stream<Supplier<byte[]>> archivesWithLinks() {
        return Stream.of(FixtureArchives::symlinkTarGz, FixtureArchives::hardLinkTarGz, FixtureArchives::symlinkZip);
    }

    @ParameterizedTest
    @MethodSource("archivesWithLinks")
    void shouldReadEverythingButTheLinksWhenLinksAreSkipped(Supplier<byte[]> archive) throws Exception {
        List<String> visited = new ArrayList<>();

        ArchiveSummary summary = new SafeArchiveReader(LinkPolicy.SKIP).read(archive.get(), ArchiveLimits.defaults(),
                (header, content) -> visited.add(header.path()));

        assertThat(visited).isNotEmpty().doesNotContain(FixtureArchives.SYMLINK_ENTRY, FixtureArchives.HARDLINK_ENTRY);
        assertThat(summary.entries()).extracting(ArchiveSummary.Entry::path).containsExactlyElementsOf(visited);
    }

    @ParameterizedTest
    @MethodSource("archivesWithLinks")
    void shouldRefuseLinksByDefault(Supplier<byte[]> archive) {
        assertThatThrownBy(() -> new SafeArchiveReader().read(archive.get(), ArchiveLimits.defaults(), EntryVisitor.NONE))
                .isInstanceOfSatisfying(UnsafeArchiveException.class, e -> assertThat(e.reason()).isEqualTo(UnsafeArchiveException.Reason.LINK));
    }

    @Test
    void shouldStillRefuseTraversalWhenSkippingLinks() {
        assertThatThrownBy(() -> new SafeArchiveReader(LinkPolicy.SKIP).read(FixtureArchives.traversalTarGz(), ArchiveLimits.defaults(), EntryVisitor.NONE))
                .isInstanceOfSatisfying(UnsafeArchiveException.class, e -> assertThat(e.reason()).isEqualTo(UnsafeArchiveException.Reason.PATH_TRAVERSAL));
    }
}
