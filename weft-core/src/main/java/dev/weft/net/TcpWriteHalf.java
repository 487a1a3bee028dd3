package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;

/** The write half of a split {@link TcpStream}. */
final class TcpWriteHalf implements TcpStream.WriteHalf {
  private final TcpSocket socket;

  TcpWriteHalf(TcpSocket socket) {
    this.socket = socket;
  }

  @Override
  public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    return socket.pollWrite(cx, src);
  }

  @Override
  public Poll<Void> pollFlush(Context cx) {
    return socket.pollFlush();
  }

  @Override
  public Poll<Void> pollShutdown(Context cx) {
    return socket.pollShutdown();
  }

  @Override
  public Future<Integer> write(ByteBuffer src) {
    return new SlotFuture<>(socket.writes(), TcpStream.WriteHalf.super.write(src));
  }

  @Override
  public Future<Void> writeAll(ByteBuffer src) {
    return new SlotFuture<>(socket.writes(), TcpStream.WriteHalf.super.writeAll(src));
  }

  @Override
  public void close() {
    socket.closeWriteHalf();
  }

  @Override
  public String toString() {
    return "TcpStream.WriteHalf[" + socket.channel() + "]";
  }
}
