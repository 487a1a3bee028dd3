package dev.weft.redis;

import java.util.Arrays;

/** A byte string with value equality, for hash fields and pub/sub channel names. */
final class Key {
  final byte[] bytes;
  private final int hash;

  Key(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Bytes.hash(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Bytes.str(bytes);
  }
}
