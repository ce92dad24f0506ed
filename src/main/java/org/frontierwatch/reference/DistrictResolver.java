package org.frontierwatch.reference;

import java.util.Optional;
import org.frontierwatch.model.District;
import org.frontierwatch.model.Incident;
import org.frontierwatch.model.IncidentReport;
import org.frontierwatch.model.Site;

/**
 * Enriches a report with the gazetteer: its admin2 (or, failing that, its site's district) resolved to a district.
 * An unknown name keeps the report, under a fallback district key {@code CC~slug-of-name}.
 */
public final class DistrictResolver {

    private final ReferenceData reference;

    public DistrictResolver(ReferenceData reference) {
        this.reference = reference;
    }

    public Incident enrich(IncidentReport report) {
        Optional<Site> site = report.siteId() == null ? Optional.empty() : reference.site(report.siteId());
        String name = report.admin2();
        if (name == null && site.isPresent()) {
            name = site.get().admin2();
        }
        Optional<District> district = name == null ? Optional.empty()
                : reference.districtByName(report.country(), name);
        if (district.isEmpty() && report.admin2() != null && site.isPresent() && site.get().admin2() != null) {
            district = reference.districtByName(site.get().country(), site.get().admin2());
        }
        if (district.isPresent()) {
            District d = district.get();
            String admin1 = d.admin1() != null ? d.admin1() : report.admin1();
            return new Incident(report, d.districtId(), d.name(), admin1, true, site.isPresent(),
                    reference.neighbourOf(d.districtId()));
        }
        String raw = name != null ? name : "unknown";
        String admin1 = report.admin1() != null ? report.admin1() : site.map(Site::admin1).orElse(null);
        return new Incident(report, report.country() + "~" + Keys.slug(raw), raw, admin1, false, site.isPresent());
    }
}
