package dev.weft.sync;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the non-waiting operations of {@link Semaphore} are linearizable: the lock-free
 * fast paths (one CAS on the state word) and the locked paths agree on one order. (Releasing a
 * permit is {@code addPermits} inside, so it is covered by that operation.)
 */
@Param(name = "n", gen = IntGen.class, conf = "1:3")
public class SemaphoreLincheckTest {
  private final Semaphore sem = new Semaphore(2);

  @Operation
  public boolean tryAcquire() {
    return sem.tryAcquire().isPresent(); // the permit is kept: it stays taken
  }

  @Operation(params = "n")
  public void addPermits(int n) {
    sem.addPermits(n);
  }

  @Operation
  public int availablePermits() {
    return sem.availablePermits();
  }

  @Operation
  public void close() {
    sem.close();
  }

  @Test
  void modelChecking() {
    LincheckRuns.modelCheck(getClass());
  }

  @Test
  void stress() {
    LincheckRuns.stress(getClass());
  }
}
