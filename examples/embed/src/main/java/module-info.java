/** The embedding example: a program that reads only the library's exported API. */
module io.peerwatch.examples.embed {
    requires io.peerwatch.lib;
}
