package org.frontierwatch.imports;

import java.io.IOException;
import java.nio.file.Path;

/** Picks the importer for a format name: consumes {@code acled} or {@code ucdp} and the files; produces the result. */
public final class Importers {

    private Importers() {
    }

    /** @param deletions ACLED's Deletions export (ACLED only), or null */
    public static ImportResult read(String format, Path file, Path deletions) throws IOException {
        return switch (format) {
            case "acled" -> AcledImporter.read(file, deletions);
            case "ucdp" -> {
                if (deletions != null) {
                    throw new IllegalArgumentException("--deletions is for ACLED's Deletions export only");
                }
                yield UcdpImporter.read(file);
            }
            default -> throw new IllegalArgumentException("unknown format '" + format + "': acled or ucdp");
        };
    }
}
