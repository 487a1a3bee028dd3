package dev.weft.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.test.MockTask;
import org.junit.jupiter.api.Test;

/** The rules of {@link CancellationToken}, one test each. */
class CancellationTokenTest {

  @Test
  void cancelledCompletesOnCancelAndWakes() {
    CancellationToken t = new CancellationToken();
    MockTask<Void> w = MockTask.of(t.cancelled());
    w.assertPending();
    assertFalse(t.isCancelled());
    t.cancel();
    assertTrue(t.isCancelled());
    assertTrue(w.isWoken());
    w.assertReady();
    MockTask.of(t.cancelled()).assertReady();
    t.cancel(); // idempotent
  }

  @Test
  void childrenAreCancelledWithTheParentNotTheReverse() {
    CancellationToken parent = new CancellationToken();
    CancellationToken child = parent.child();
    CancellationToken grandchild = child.child();
    CancellationToken sibling = parent.child();
    MockTask<Void> gw = MockTask.of(grandchild.cancelled());
    gw.assertPending();
    child.cancel();
    assertTrue(grandchild.isCancelled());
    assertTrue(gw.isWoken());
    assertFalse(parent.isCancelled(), "cancelling a child cancelled its parent");
    assertFalse(sibling.isCancelled());
    parent.cancel();
    assertTrue(sibling.isCancelled());
  }

  @Test
  void aChildOfACancelledTokenIsBornCancelled() {
    CancellationToken parent = new CancellationToken();
    parent.cancel();
    assertTrue(parent.child().isCancelled());
  }

  @Test
  void aCancelledWaitLeavesTheList() {
    CancellationToken t = new CancellationToken();
    MockTask<Void> w = MockTask.of(t.cancelled());
    w.assertPending();
    w.cancel();
    t.cancel();
    assertFalse(w.isWoken());
  }

  @Test
  void aDeepTreeIsCancelledWithoutOverflowingTheStack() {
    CancellationToken root = new CancellationToken();
    CancellationToken t = root;
    for (int i = 0; i < 100_000; i++) {
      t = t.child();
    }
    root.cancel();
    assertTrue(t.isCancelled());
  }

  @Test
  void aReachableDescendantHearsTheRootThroughCollectedMiddleTokens() {
    CancellationToken root = new CancellationToken();
    CancellationToken leaf = root.child().child().child(); // the middle tokens are not held here
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    root.cancel();
    assertTrue(leaf.isCancelled());
  }
}
