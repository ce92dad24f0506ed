package org.frontierwatch.rules;

/** What a rule measures over the incidents of a window: how many, the sum of a field, or distinct field values. */
public enum MetricKind { COUNT, SUM, DISTINCT_COUNT }
