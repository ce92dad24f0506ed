package org.frontierwatch.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.frontierwatch.config.AppConfig;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' RocksDB options for every store of this process, with one bound on their off-heap memory: a single
 * LRU block cache shared by all stores (every partition's task store and the global stores), which also holds the
 * index and filter blocks and is charged for the memtables through a shared write-buffer manager.
 *
 * <p>Without it every store instance (each task's stores, each global store) gets its own 50 MB block cache plus up
 * to three 16 MB memtables, so native memory grows with the number of partitions and stores as the caches fill
 * (measured in the benchmark's soak, 4 partitions: RSS 376 to 1,237 MiB in 30 min with a 512 MB heap). Consumes
 * the per-store options Kafka Streams prepares; produces them with the shared cache.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);
    /** The share of the bound that memtables (writes not yet flushed) may take. */
    static final double MEMTABLE_SHARE = 0.25;

    private static long totalBytes = AppConfig.DEFAULT_ROCKSDB_MEMORY_BYTES;
    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    /** Sets the bound; takes effect for the cache that the first store opened after it creates. */
    public static synchronized void setTotalBytes(long bytes) {
        if (bytes < (16L << 20)) {
            throw new IllegalArgumentException("the RocksDB memory bound must be at least 16 MiB, was " + bytes);
        }
        if (cache != null && bytes != totalBytes) {
            LOG.warn("RocksDB memory bound stays {} bytes for this process (stores are open); {} applies after a "
                    + "restart",
                    totalBytes, bytes);
            return;
        }
        totalBytes = bytes;
    }

    static synchronized Cache sharedCache() {
        if (cache == null) {
            // Strict limit off: a read that needs more than the bound briefly exceeds it instead of failing.
            // 10% of the cache is kept for index and filter blocks (high priority), so that data blocks cannot
            // evict what every lookup needs.
            cache = new LRUCache(totalBytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
            LOG.info("RocksDB stores share {} MiB of block cache and memtables", totalBytes >> 20);
        }
        return cache;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Cache shared = sharedCache();
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers); // set with the cache, under the lock sharedCache() took
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store and live as long as the process:
        // closing them here would pull them from under the stores still open.
    }
}
