package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;

/** The read half of a split {@link TcpStream}. */
final class TcpReadHalf implements TcpStream.ReadHalf {
  private final TcpSocket socket;

  TcpReadHalf(TcpSocket socket) {
    this.socket = socket;
  }

  @Override
  public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    return socket.pollRead(cx, dst);
  }

  @Override
  public Future<Integer> read(ByteBuffer dst) {
    return new SlotFuture<>(socket.reads(), TcpStream.ReadHalf.super.read(dst));
  }

  @Override
  public Future<Void> readExact(ByteBuffer dst) {
    return new SlotFuture<>(socket.reads(), TcpStream.ReadHalf.super.readExact(dst));
  }

  @Override
  public void close() {
    socket.closeReadHalf();
  }

  @Override
  public String toString() {
    return "TcpStream.ReadHalf[" + socket.channel() + "]";
  }
}
