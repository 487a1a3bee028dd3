package dev.weft.sync;

/** {@link MpscLincheck} on a bounded channel of capacity 2, so scenarios reach "full". */
public class MpscBoundedLincheckTest extends MpscLincheck {
  @Override
  Mpsc.Channel<Integer> channel() {
    return Mpsc.bounded(2);
  }
}
