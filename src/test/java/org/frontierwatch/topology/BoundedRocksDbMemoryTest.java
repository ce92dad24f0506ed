package org.frontierwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.frontierwatch.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store's RocksDB options share one cache and one write-buffer manager, so native memory has one bound. */
class BoundedRocksDbMemoryTest {

    @TempDir
    Path tmp;

    private static Options optionsFor(String store) {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfig()); // what Kafka Streams hands the setter
        new BoundedRocksDbMemory().setConfig(store, options, Map.of());
        return options;
    }

    @Test
    void shouldChargeTheMemtablesOfEveryStoreToOneSharedCache() throws Exception {
        RocksDB.loadLibrary();
        try (Options a = optionsFor("incidents-store"); Options b = optionsFor("rule-group-state");
             RocksDB dbA = RocksDB.open(a, tmp.resolve("a").toString());
             RocksDB dbB = RocksDB.open(b, tmp.resolve("b").toString())) {
            assertSame(a.writeBufferManager(), b.writeBufferManager(), "one write-buffer manager for all stores");
            long before = BoundedRocksDbMemory.sharedCache().getUsage();
            byte[] value = new byte[4096];
            for (int i = 0; i < 2_000; i++) {
                byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
                dbA.put(key, value);
                dbB.put(key, value);
            }
            long after = BoundedRocksDbMemory.sharedCache().getUsage();
            // 2 x 2,000 x 4 KiB in memtables: the write-buffer manager reserves them in the shared cache.
            assertTrue(after - before >= 8L << 20, "memtables charged to the shared cache: " + before + " -> " + after);
            assertTrue(after <= AppConfig.DEFAULT_ROCKSDB_MEMORY_BYTES + (8L << 20),
                    "within the bound (plus one reservation step): " + after);
        }
    }

    @Test
    void shouldRefuseABoundTooSmallToHoldTheIndexes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundedRocksDbMemory.setTotalBytes(1 << 20));
        assertEquals("the RocksDB memory bound must be at least 16 MiB, was 1048576", e.getMessage());
    }
}
