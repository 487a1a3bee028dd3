package dev.weft.redis;

import java.util.LinkedHashMap;

/** A hash value: fields in insertion order, as a small Redis hash (a listpack) keeps them. */
final class RedisHash {
  final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();
}
