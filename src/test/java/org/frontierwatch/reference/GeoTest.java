package org.frontierwatch.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.frontierwatch.model.Site;
import org.junit.jupiter.api.Test;

/** Great-circle distances against known figures, and the site grid against a plain scan of every site. */
class GeoTest {

    @Test
    void shouldMeasureKnownDistancesWithinHalfAPercent() {
        // A degree of latitude on the GRS 80 mean sphere: pi * 6371.0088 / 180 = 111.195 km.
        assertEquals(111.195, Geo.distanceKm(37.0, 70.0, 38.0, 70.0), 0.001);
        // Pole to equator: a quarter of the meridian's circumference on the sphere, pi / 2 * 6371.0088 km.
        assertEquals(10007.557, Geo.distanceKm(90, 0, 0, 17), 0.001);
        // LAX (33deg57'N 118deg24'W) to JFK (40deg38'N 73deg47'W): 2144 nautical miles = 3970.7 km, the worked
        // example of Ed Williams' Aviation Formulary (great circle on a sphere of 1 nm per arc minute).
        double laxJfk = Geo.distanceKm(33 + 57 / 60.0, -(118 + 24 / 60.0), 40 + 38 / 60.0, -(73 + 47 / 60.0));
        assertEquals(3970.7, laxJfk, 3970.7 * 0.005);
        // Symmetric, zero at the same point.
        assertEquals(Geo.distanceKm(37.95, 70.12, 38.46, 70.79), Geo.distanceKm(38.46, 70.79, 37.95, 70.12), 1e-9);
        assertEquals(0, Geo.distanceKm(37.95, 70.12, 37.95, 70.12), 1e-9);
    }

    private static Site site(String id, double lat, double lon) {
        return new Site(id, id, "op", "CN", "mining", "TJ", "a1", "d", lat, lon, Map.of("CN", 1));
    }

    @Test
    void shouldFindExactlyTheSitesAPlainScanFindsAcrossCellsAndTheAntimeridian() {
        List<Site> sites = List.of(site("a", 37.95, 70.12), site("b", 37.99, 70.99), site("c", 38.01, 70.15),
                site("d", 36.9, 69.0), site("e", 0.1, 179.95), site("f", -0.1, -179.95), site("g", 89.9, 10),
                site("h", 89.9, -170), new Site("x", "x", "op", "CN", "s", "TJ", null, null, null, null, Map.of()));
        SiteGrid grid = new SiteGrid(sites);
        double[][] queries = {{37.95, 70.12, 5}, {37.95, 70.12, 80}, {37.5, 70.5, 120}, {0, 180, 30},
                {0, -179.99, 30}, {89.95, 0, 50}, {37.95, 70.12, 2000}};
        for (double[] q : queries) {
            List<String> scan = sites.stream().filter(s -> s.latitude() != null)
                    .filter(s -> Geo.distanceKm(q[0], q[1], s.latitude(), s.longitude()) <= q[2])
                    .map(Site::siteId).sorted().toList();
            List<String> found = grid.within(q[0], q[1], q[2]).stream().map(n -> n.site().siteId()).sorted()
                    .toList();
            assertEquals(scan, found, "within " + q[2] + " km of " + q[0] + "," + q[1]);
        }
        assertEquals(List.of("a", "c"), grid.within(37.95, 70.12, 10).stream().map(n -> n.site().siteId()).sorted()
                .toList());
        assertEquals(List.of("e", "f"), grid.within(0, 180, 30).stream().map(n -> n.site().siteId()).sorted()
                .toList(), "across the antimeridian");
        SiteGrid.Near c = grid.within(37.95, 70.12, 10).stream().filter(n -> n.site().siteId().equals("c"))
                .findFirst().orElseThrow();
        assertTrue(c.distanceKm() > 7.0 && c.distanceKm() < 7.4, "c is about 7.2 km away: " + c.distanceKm());
    }
}
