package io.peerwatch.job.types;

import io.peerwatch.notice.Alert;

/** The serializer samples' alerts, for tests outside this package (the ECS and CEF field tests). */
public final class LibraryTypeSamplesAccess {

    private LibraryTypeSamplesAccess() {
    }

    /** Alerts covering every field, context included. */
    public static Alert[] alerts() {
        return LibraryTypeSamples.alerts();
    }
}
