package dev.weft.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking socket client that sends raw bytes and reads raw RESP, for protocol tests. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String s) throws IOException {
    return send(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
    return this;
  }

  /** One RESP value, rendered back as its wire text (for exact comparisons). */
  String reply() throws IOException {
    StringBuilder sb = new StringBuilder();
    readValue(sb);
    return sb.toString();
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int prev = -1;
    for (;;) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("end of stream after '" + b + "'");
      }
      if (prev == '\r' && c == '\n') {
        byte[] bytes = b.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
      prev = c;
    }
  }

  private void readValue(StringBuilder sb) throws IOException {
    String l = line();
    sb.append(l).append("\r\n");
    char t = l.charAt(0);
    if (t == '$') {
      int n = Integer.parseInt(l.substring(1));
      if (n >= 0) {
        byte[] data = in.readNBytes(n + 2);
        sb.append(new String(data, StandardCharsets.ISO_8859_1));
      }
    } else if (t == '*') {
      int n = Integer.parseInt(l.substring(1));
      for (int i = 0; i < n; i++) {
        readValue(sb);
      }
    }
  }

  /**
   * True if the server closed the connection (end of stream) within the timeout; what it sent
   * before closing is read and dropped.
   */
  boolean closedByServer() throws IOException {
    try {
      byte[] sink = new byte[64 * 1024];
      while (in.read(sink) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true; // connection reset: closed as well
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * Sends each row's command (the row's elements after the first) and asserts that the reply is
   * the row's first element, in order.
   */
  void expectReplies(String[][] rows) throws IOException {
    for (String[] row : rows) {
      String[] command = java.util.Arrays.copyOfRange(row, 1, row.length);
      org.junit.jupiter.api.Assertions.assertEquals(row[0], send(cmd(command)).reply(),
          "reply to " + String.join(" ", command));
    }
  }

  static String cmd(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n")
          .append(a).append("\r\n");
    }
    return sb.toString();
  }
}
