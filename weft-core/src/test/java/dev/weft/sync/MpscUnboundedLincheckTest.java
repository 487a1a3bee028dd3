package dev.weft.sync;

/** {@link MpscLincheck} on the unbounded channel. */
public class MpscUnboundedLincheckTest extends MpscLincheck {
  @Override
  Mpsc.Channel<Integer> channel() {
    return Mpsc.unbounded();
  }
}
