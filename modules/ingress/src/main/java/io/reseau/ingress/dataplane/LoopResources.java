package io.reseau.ingress.dataplane;

import io.netty.channel.EventLoop;

/**
 * What the connections of one event loop share: its buffers, its pool of backend connections, its backend
 * deadlines and its compressors. Looked up once per client connection, which hands it to each of its exchanges.
 */
record LoopResources(EventLoop loop, LoopBuffers buffers, UpstreamPool pool, UpstreamDeadlines deadlines,
        Deflaters deflaters) {

    /**
     * On the loop: closes the idle backend connections and frees the buffers waiting to be handed out and the idle
     * compressors.
     */
    void close() {
        pool.closeAll();
        buffers.release();
        deflaters.close();
    }
}
