package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Futures;
import dev.weft.io.Framed;
import dev.weft.io.LinesCodec;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinSet;
import dev.weft.runtime.Task;
import dev.weft.sync.Broadcast;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line-based chat server: one task per client, a {@link Broadcast} channel for the room, and
 * {@link Framed} with a {@link LinesCodec} to turn each socket into a stream of lines. A client's
 * first line is its name; every later line goes to everybody else in the room. Each client's
 * task waits for whichever comes first, a line from its client or a message from the room
 * ({@code Futures.race}, as tokio's chat example does with {@code select!}); both are
 * cancel-safe, so the loser loses nothing.
 *
 * <p>A scripted conversation drives it: alice and bob join and talk, carol joins, bob leaves.
 * Each client's lines are printed as it reads them.
 */
final class Chat {
  private Chat() {}

  /** What the room carries: who said it (so it is not echoed to them) and the line. */
  record Message(String from, String text) {}

  /** What a client's task waits for. */
  sealed interface Event {}

  record FromClient(Optional<String> line) implements Event {}

  record FromRoom(Optional<Message> message) implements Event {}

  /** The server: accepts clients until the listener is closed; one task each. */
  static void serve(TcpListener listener, Broadcast.Sender<Message> room, AtomicInteger online,
      JoinSet<Void> clients) {
    Task.spawn(async(() -> {
      for (;;) {
        TcpStream s = listener.accept().await();
        clients.spawn(async(() -> {
          client(s, room, online);
          return null;
        }));
      }
    }));
  }

  static void client(TcpStream socket, Broadcast.Sender<Message> room, AtomicInteger online) {
    try (Framed<String, String> lines = Framed.of(socket, new LinesCodec(1024))) {
      Optional<String> first = lines.next().await();
      if (first.isEmpty()) {
        return; // left before saying who they are
      }
      String name = first.get();
      try (Broadcast.Receiver<Message> inbox = room.subscribe()) {
        lines.send("welcome " + name + " (" + online.incrementAndGet() + " online)").await();
        room.send(new Message(name, "* " + name + " joined"));
        try {
          for (;;) {
            Event e = Futures.<Event>race(
                lines.next().map(FromClient::new),
                inbox.recv().map(FromRoom::new)).await();
            if (e instanceof FromClient c) {
              if (c.line().isEmpty()) {
                return; // the client closed its side
              }
              room.send(new Message(name, name + ": " + c.line().get()));
            } else if (e instanceof FromRoom r && r.message().isPresent()
                && !r.message().get().from().equals(name)) {
              lines.send(r.message().get().text()).await();
            }
          }
        } finally {
          online.decrementAndGet();
          room.send(new Message(name, "* " + name + " left"));
        }
      }
    }
  }

  /** The script's side of one client: a framed connection that prints what it reads. */
  static final class Member implements AutoCloseable {
    final String name;
    final Framed<String, String> lines;

    Member(String name, TcpStream s) {
      this.name = name;
      this.lines = Framed.of(s, new LinesCodec());
    }

    static Member join(String name, InetSocketAddress server) {
      Member m = new Member(name, TcpStream.connect(server).await());
      m.say(name);
      m.hear();
      return m;
    }

    void say(String line) {
      lines.send(line).await();
    }

    void hear() {
      System.out.println(name + " <- " + lines.next().await().orElse("(closed)"));
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  static void run() {
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build();
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress server = listener.localAddress();
      Broadcast.Sender<Message> room = Broadcast.channel(16);
      AtomicInteger online = new AtomicInteger();
      Map<String, Integer> seen = new LinkedHashMap<>();
      rt.blockOn(async(() -> {
        try (JoinSet<Void> clients = new JoinSet<>()) {
          serve(listener, room, online, clients);
          Member alice = Member.join("alice", server);
          Member bob = Member.join("bob", server);
          alice.hear(); // * bob joined
          alice.say("hello bob");
          bob.hear();
          bob.say("hi alice");
          alice.hear();
          Member carol = Member.join("carol", server);
          alice.hear();
          bob.hear();
          carol.say("hey all");
          alice.hear();
          bob.hear();
          bob.close(); // bob leaves
          alice.hear();
          carol.hear();
          alice.close();
          carol.hear();
          carol.close();
          while (clients.size() > 0) {
            clients.joinNext().await();
            seen.merge("client tasks ended", 1, Integer::sum);
          }
        }
        return null;
      }));
      System.out.println("server: " + seen.get("client tasks ended") + " client tasks ended, "
          + online.get() + " online");
    }
  }

  public static void main(String[] args) {
    run();
  }
}
