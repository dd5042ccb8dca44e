package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import java.util.concurrent.TimeUnit;

/**
 * Whether the peer of a connection took any data lately, from the kernel's TCP state ({@code TCP_INFO}): data sent
 * to it and an acknowledgement from it both since then. Data alone could be a retransmission to a peer that is
 * gone; an acknowledgement alone, of a probe of a peer whose window stays closed. Netty's own buffer cannot tell:
 * it moves only once the kernel's send buffer, megabytes on a fast path, has a third of itself free.
 */
final class TcpProgress {

    private TcpProgress() {
    }

    /**
     * Whether the peer took data after {@code since} (a {@link System#nanoTime()}); false where the transport cannot
     * tell (not epoll), which leaves the caller with Netty's writability.
     */
    static boolean tookSince(Channel channel, long since) {
        if (!(channel instanceof EpollSocketChannel epoll) || !epoll.isActive()) {
            return false;
        }
        EpollTcpInfo info = epoll.tcpInfo();
        long now = System.nanoTime();
        return now - TimeUnit.MILLISECONDS.toNanos(info.lastDataSent()) > since
                && now - TimeUnit.MILLISECONDS.toNanos(info.lastAckRecv()) > since;
    }
}
