package org.frontierwatch.state;

/** An episode as the group summary indexes it: evidence bounds, level and highest measured value. */
public record EpisodeRef(EntryKey start, EntryKey end, int level, double maxValue) {

    public boolean contains(EntryKey key) {
        return key != null && !key.isBefore(start) && !key.isAfter(end);
    }
}
