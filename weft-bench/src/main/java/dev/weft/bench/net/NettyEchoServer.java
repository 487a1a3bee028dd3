package dev.weft.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Netty peer: Netty 4.2's NIO transport with one group of 2 event loops that both accepts
 * and serves (two threads, as the other servers have), the echo written the way Netty's own
 * example writes it: {@code write} on every read, {@code flush} when the read batch is complete.
 * Netty's default buffer allocator; {@code TCP_NODELAY} on.
 */
final class NettyEchoServer implements EchoServer {
  private final AtomicLong failed = new AtomicLong();
  private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2,
      NioIoHandler.newFactory());

  @Override
  public int start(int port) throws InterruptedException {
    Channel listener = new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, BACKLOG)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new Echo())
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .sync()
        .channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public long failedConnections() {
    return failed.get();
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One handler for every connection: it keeps no state of its own. */
  @Sharable
  private final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg); // the buffer is released once written
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failed.incrementAndGet(); // a reset by the client; counted, reported by EchoServerMain
      ctx.close();
    }
  }
}
