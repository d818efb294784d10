/**
 * The library's configuration as documented keys: {@link io.peerwatch.config.LibraryConfig#KEYS}
 * names every field of the library's configuration records (signature thresholds, engine limits,
 * each detector's window and thresholds, volume, tariff, per-type suppression, internal networks,
 * site files) with its type, default and one line of documentation;
 * {@link io.peerwatch.config.Settings} holds values with their {@link io.peerwatch.config.Origin};
 * {@link io.peerwatch.config.LibraryConfig#of} builds the records and reports a rejected value as
 * a {@link io.peerwatch.config.ConfigException} naming origin, key and reason. JDK only: reading
 * a file format is the application's part (the job reads YAML).
 */
package io.peerwatch.config;
