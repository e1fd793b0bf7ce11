package io.scimrouter.policy;

/** Why the HTTP codec could not decode a request head; the server classifies the codec's exception. */
public enum DecoderFailure {
    REQUEST_LINE_TOO_LONG,
    HEADERS_TOO_LARGE,
    /** A frame over a limit other than the line and the headers. */
    FRAME_TOO_LARGE,
    MALFORMED
}
