package io.scimrouter.bench.cli;

/** The target could not be reached or stopped answering: reported as one line, exit status 2. */
public final class TargetUnreachableException extends UsageException {
    private static final long serialVersionUID = 1L;

    public TargetUnreachableException(String message) {
        super(message);
    }
}
