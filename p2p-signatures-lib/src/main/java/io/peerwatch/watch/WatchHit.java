package io.peerwatch.watch;

/**
 * A watch-word or decoy name found in a URL, a P2P search or a file name.
 *
 * @param term the configured term that matched (as configured, lower case)
 * @param decoy true for a decoy file name, false for a watch-word
 * @param where where it was found
 * @param excerpt the decoded text it was found in, cut to {@link WatchList#MAX_EXCERPT} characters
 */
public record WatchHit(String term, boolean decoy, Where where, String excerpt) {

    /** Where a term was found. */
    public enum Where {
        /** The path of a requested URL. */
        URL_PATH,
        /** The query string of a requested URL. */
        URL_QUERY,
        /** A P2P search string ({@code MetadataKey.SEARCH}). */
        P2P_SEARCH,
        /** A P2P file name offered, requested or returned ({@code MetadataKey.FILE_NAME}). */
        P2P_FILE_NAME,
        /** Any other text. */
        TEXT
    }
}
