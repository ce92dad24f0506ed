package org.frontierwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AtomicLong nanos = new AtomicLong(1_000L);
    private final RestartBudget budget = new RestartBudget(3, WINDOW, nanos::get);

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void shouldAllowRestartsUpToTheBudgetAndCountThem() {
        assertTrue(budget.tryRestart());
        assertTrue(budget.tryRestart());
        assertTrue(budget.tryRestart());
        assertEquals(3, budget.used());
    }

    @Test
    void shouldRefuseRestartWhenBudgetIsSpentWithinWindow() {
        for (int i = 0; i < 3; i++) {
            assertTrue(budget.tryRestart());
            advance(Duration.ofMinutes(1));
        }
        assertFalse(budget.tryRestart());
        assertEquals(3, budget.used(), "a refused restart is not counted");
    }

    @Test
    void shouldAllowRestartAgainOnceTheOldestHasLeftTheWindow() {
        budget.tryRestart();
        advance(Duration.ofMinutes(5));
        budget.tryRestart();
        budget.tryRestart();
        advance(Duration.ofMinutes(5));
        assertFalse(budget.tryRestart(), "exactly one window old still counts");
        advance(Duration.ofNanos(1));
        assertTrue(budget.tryRestart());
        assertEquals(3, budget.used());
    }

    @Test
    void shouldForgetEveryRestartAfterAQuietWindow() {
        budget.tryRestart();
        budget.tryRestart();
        budget.tryRestart();
        advance(WINDOW.plusSeconds(1));
        assertTrue(budget.tryRestart());
        assertEquals(1, budget.used());
    }

    @Test
    void shouldRefuseEveryRestartWithAZeroBudget() {
        RestartBudget none = new RestartBudget(0, WINDOW, nanos::get);
        assertFalse(none.tryRestart());
        assertEquals(0, none.used());
    }

    @Test
    void shouldRejectANegativeBudget() {
        assertThrows(IllegalArgumentException.class, () -> new RestartBudget(-1, WINDOW, nanos::get));
    }

    @Test
    void shouldReportItsLimits() {
        assertEquals(3, budget.max());
        assertEquals(WINDOW, budget.window());
    }
}
