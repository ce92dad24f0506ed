package org.frontierwatch.reference;

/**
 * Great-circle distances on a sphere of the Earth's mean radius (the haversine formula): consumes coordinates in
 * decimal degrees, produces kilometres. The sphere is within about 0.5 % of the ellipsoid's distances, far closer than
 * the places reports give.
 */
public final class Geo {

    /** The mean Earth radius R1 of the Geodetic Reference System 1980 (Moritz, 2000): 6371.0088 km. */
    public static final double EARTH_RADIUS_KM = 6371.0088;
    /** Kilometres per degree of latitude on that sphere. */
    public static final double KM_PER_DEGREE = Math.PI * EARTH_RADIUS_KM / 180;

    private Geo() {
    }

    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
