package org.frontierwatch.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Site;

/**
 * The sites with coordinates in one-degree cells, to find those within a radius of a point without reading every
 * site: consumes the sites table, produces the sites near a point with their distances. Built once per version of
 * the reference data; its size follows the sites table, never the reports.
 */
public final class SiteGrid {

    /** A site and its great-circle distance from the point asked about. */
    public record Near(Site site, double distanceKm) {
    }

    private final Map<Long, List<Site>> cells = new HashMap<>();

    public SiteGrid(Iterable<Site> sites) {
        for (Site s : sites) {
            if (s.latitude() != null && s.longitude() != null) {
                cells.computeIfAbsent(cell(Math.floor(s.latitude()), Math.floor(s.longitude())),
                        k -> new ArrayList<>()).add(s);
            }
        }
    }

    /** The sites within {@code radiusKm} of the point (distance at most the radius), in no particular order. */
    public List<Near> within(double lat, double lon, double radiusKm) {
        double dLat = radiusKm / Geo.KM_PER_DEGREE;
        double minLat = Math.max(-90, lat - dLat);
        double maxLat = Math.min(90, lat + dLat);
        double widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
        double cos = Math.cos(Math.toRadians(widest));
        // Near a pole, or for a radius spanning half the globe, every longitude is in reach.
        double dLon = cos <= 1e-6 ? 360 : radiusKm / (Geo.KM_PER_DEGREE * cos);
        List<Near> out = new ArrayList<>();
        long lonCells = dLon >= 180 ? 360
                : Math.min(360, (long) (Math.floor(lon + dLon) - Math.floor(lon - dLon)) + 1);
        double firstLon = dLon >= 180 ? -180 : Math.floor(lon - dLon);
        for (double la = Math.floor(minLat); la <= Math.floor(maxLat); la++) {
            for (long i = 0; i < lonCells; i++) {
                double lo = wrap(firstLon + i);
                List<Site> inCell = cells.get(cell(la, lo));
                if (inCell == null) {
                    continue;
                }
                for (Site s : inCell) {
                    double d = Geo.distanceKm(lat, lon, s.latitude(), s.longitude());
                    if (d <= radiusKm) {
                        out.add(new Near(s, d));
                    }
                }
            }
        }
        return out;
    }

    /** A cell's longitude floor brought into [-180, 180). */
    private static double wrap(double lonFloor) {
        double w = ((lonFloor + 180) % 360 + 360) % 360 - 180;
        return Math.floor(w);
    }

    private static long cell(double latFloor, double lonFloor) {
        return (long) (latFloor + 90) * 1000 + (long) (wrap(lonFloor) + 180);
    }
}
