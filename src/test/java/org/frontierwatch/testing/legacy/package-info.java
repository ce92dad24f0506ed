/**
 * The rule evaluator as it was before the incremental state layout (issue 10), kept unchanged as a test oracle:
 * every group's incidents in one list, episodes computed over that whole list, alert content rebuilt from it. The
 * production evaluator ({@code alert.GroupEvaluator}) must send exactly the messages this one sends when it keeps
 * every incident ({@code LegacyOracle}).
 */
package org.frontierwatch.testing.legacy;
