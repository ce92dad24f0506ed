/**
 * The rule evaluator as it was before the incremental state layout (issue 10), kept unchanged as a test oracle:
 * every group's incidents in one list, episodes computed over that whole list, alert content rebuilt from it. The
 * production evaluator ({@code alert.GroupEvaluator}) must send exactly the messages this one sends when it keeps
 * every incident ({@code LegacyOracle}). The one change: {@code LegacyEpisode.sharesEvidenceWith} looks ids up in a
 * set rather than scanning a list (same answers), so that groups of 20,000 incidents run in seconds, not hours.
 */
package org.frontierwatch.testing.legacy;
