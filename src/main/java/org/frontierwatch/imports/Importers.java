package org.frontierwatch.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Picks the importer for a format name: consumes {@code acled} or {@code ucdp} and the files; produces the result. */
public final class Importers {

    private Importers() {
    }

    /** @param deletions ACLED's Deletions export (ACLED only), or null */
    public static ImportResult read(String format, Path file, Path deletions) throws IOException {
        return read(format, List.of(file), deletions);
    }

    /** Several exports of one format read as one: revisions are numbered across them. */
    public static ImportResult read(String format, List<Path> files, Path deletions) throws IOException {
        return switch (format) {
            case "acled" -> AcledImporter.read(files, deletions);
            case "ucdp" -> {
                if (deletions != null) {
                    throw new IllegalArgumentException("--deletions is for ACLED's Deletions export only");
                }
                yield UcdpImporter.read(files);
            }
            default -> throw new IllegalArgumentException("unknown format '" + format + "': acled or ucdp");
        };
    }
}
