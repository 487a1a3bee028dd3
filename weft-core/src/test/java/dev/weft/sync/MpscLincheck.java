package dev.weft.sync;

import java.util.Optional;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the non-blocking operations of the mpsc channels are linearizable. Each test class
 * instance is one channel; Lincheck runs random concurrent scenarios of the operations below
 * (model checking explores thread interleavings, stress runs them for real) and checks every
 * outcome against some sequential order of the same operations on a fresh instance.
 *
 * <p>The roles are those of the contract: the receiver is single-consumer, and a sender handle is
 * closed by its owner (as Rust's drop takes the handle by value), so each of the three handles'
 * operations share a non-parallel group (they run on one thread), while the three roles run
 * concurrently. Two sender handles let scenarios close one while the other sends. The classes
 * are public because Lincheck instantiates them reflectively; the concrete checks are
 * {@link MpscBoundedLincheckTest} and {@link MpscUnboundedLincheckTest}.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public abstract class MpscLincheck {
  private final Mpsc.Channel<Integer> ch = channel();
  private final Sender<Integer> tx1 = ch.sender();
  private final Sender<Integer> tx2 = tx1.clone();

  abstract Mpsc.Channel<Integer> channel();

  @Operation(params = "value", nonParallelGroup = "tx1")
  public boolean trySend1(int value) {
    return tx1.trySend(value);
  }

  @Operation(params = "value", nonParallelGroup = "tx2")
  public boolean trySend2(int value) {
    return tx2.trySend(value);
  }

  @Operation(nonParallelGroup = "tx1")
  public void closeSender1() {
    tx1.close();
  }

  @Operation(nonParallelGroup = "tx2")
  public void closeSender2() {
    tx2.close();
  }

  @Operation
  public boolean isClosed() {
    return tx1.isClosed();
  }

  @Operation(nonParallelGroup = "consumer")
  public Integer tryRecv() {
    Optional<Integer> v = ch.receiver().tryRecv();
    return v.orElse(null);
  }

  @Operation(nonParallelGroup = "consumer")
  public void closeReceiver() {
    ch.receiver().close();
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
