/**
 * File type/size rules ({@link io.peerwatch.filetype.FileSizeRules}): the paper's media and
 * archive thresholds by extension and content type, replaceable or extendable from a rule file.
 */
package io.peerwatch.filetype;
