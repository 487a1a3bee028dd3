/** TEMPORARY stand-in for the streams package (another branch builds the real one). */
package dev.weft.stream;
