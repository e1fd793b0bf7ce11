package io.scimrouter.server;

/**
 * A body whose content coding cannot be undone (a corrupt or cut gzip stream). The caller treats the answer as
 * malformed: a SCIM error when nothing was sent yet, a cut connection otherwise, never a shorter body passed off as
 * whole.
 */
final class CorruptBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptBodyException(String message) {
        super(message, null, false, false);
    }
}
