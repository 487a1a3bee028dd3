package dev.weft.redis;

/**
 * Redis's glob-style patterns, for KEYS, SCAN MATCH, PSUBSCRIBE and CONFIG GET: {@code *} any
 * bytes, {@code ?} one byte, {@code [abc]}, {@code [^a-z]} classes, {@code \x} a literal x.
 * Matching backtracks only to the last star, so a pattern with many stars cannot take
 * exponential time.
 */
final class Glob {
  private Glob() {}

  static boolean matches(byte[] pattern, byte[] s) {
    return matches(pattern, s, false);
  }

  static boolean matches(byte[] p, byte[] s, boolean nocase) {
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = -1;
    while (si < s.length) {
      if (pi < p.length) {
        byte c = p[pi];
        if (c == '*') {
          while (pi < p.length && p[pi] == '*') {
            pi++;
          }
          if (pi == p.length) {
            return true;
          }
          starP = pi;
          starS = si;
          continue;
        }
        int next = matchOne(p, pi, s[si], nocase);
        if (next >= 0) {
          pi = next;
          si++;
          continue;
        }
      }
      if (starP < 0) {
        return false;
      }
      pi = starP;
      si = ++starS;
    }
    while (pi < p.length && p[pi] == '*') {
      pi++;
    }
    return pi == p.length;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** Matches one byte at pattern index {@code pi}: the index after that element, or -1. */
  private static int matchOne(byte[] p, int pi, byte sc, boolean nocase) {
    int c = p[pi];
    if (c == '?') {
      return pi + 1;
    }
    if (c == '[') {
      int i = pi + 1;
      boolean not = i < p.length && p[i] == '^';
      if (not) {
        i++;
      }
      boolean match = false;
      for (;;) {
        if (i >= p.length) {
          break; // an unterminated class ends at the end of the pattern
        }
        if (p[i] == '\\' && i + 1 < p.length) {
          i++;
          if (p[i] == sc) {
            match = true;
          }
        } else if (p[i] == ']') {
          i++;
          break;
        } else if (i + 2 < p.length && p[i + 1] == '-') {
          // signed, as Redis compares (char on x86 is signed): [\x00-\xff] is [-1, 0]
          int start = p[i];
          int end = p[i + 2];
          int x = sc;
          if (start > end) {
            int t = start;
            start = end;
            end = t;
          }
          if (nocase) {
            start = lower(start);
            end = lower(end);
            x = lower(x);
          }
          if (x >= start && x <= end) {
            match = true;
          }
          i += 2;
        } else if (nocase ? lower(p[i]) == lower(sc) : p[i] == sc) {
          match = true;
        }
        i++;
        if (i > p.length) {
          break;
        }
      }
      if (not) {
        match = !match;
      }
      return match ? Math.min(i, p.length) : -1;
    }
    if (c == '\\' && pi + 1 < p.length) {
      pi++;
      c = p[pi];
    }
    boolean eq = nocase ? lower(c) == lower(sc) : c == sc;
    return eq ? pi + 1 : -1;
  }
}
