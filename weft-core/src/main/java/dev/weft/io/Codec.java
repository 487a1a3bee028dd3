package dev.weft.io;

/**
 * A {@link Decoder} of the frames read and an {@link Encoder} of those written, for
 * {@link Framed}. {@link LinesCodec} and {@link LengthDelimitedCodec} are two.
 *
 * @param <I> the frames decoded (read)
 * @param <O> the frames encoded (written)
 */
public interface Codec<I, O> extends Decoder<I>, Encoder<O> {}
