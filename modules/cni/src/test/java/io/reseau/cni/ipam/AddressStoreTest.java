package io.reseau.cni.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reseau.cni.spec.Attachment;
import io.reseau.cni.spec.CniError;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Allocations on disk, as host-local keeps them. */
class AddressStoreTest {

    private static final List<AddressRange> DUAL = List.of(new AddressRange(Cidr.parse("10.42.1.0/24")),
            new AddressRange(Cidr.parse("fd42:0:1::/64")));

    @TempDir
    Path data;

    @Test
    void givesOneAddressPerFamilyRecordedAsHostLocalDoes() throws Exception {
        AddressStore store = new AddressStore(data, "reseau");
        List<InetAddress> addresses = store.allocate(new Attachment("c1", "eth0"), DUAL);
        assertThat(addresses).extracting(Cidr::format).containsExactly("10.42.1.2", "fd42:0:1::2");
        Path dir = data.resolve("networks/reseau");
        assertThat(Files.readString(dir.resolve("10.42.1.2"))).isEqualTo("c1\r\neth0");
        assertThat(Files.readString(dir.resolve("fd42:0:1::2"))).isEqualTo("c1\r\neth0");
        assertThat(Files.readString(dir.resolve("last_reserved_ip.0"))).isEqualTo("10.42.1.2");
    }

    @Test
    void aRepeatedAllocationReturnsWhatTheAttachmentHolds() {
        AddressStore store = new AddressStore(data, "reseau");
        List<InetAddress> first = store.allocate(new Attachment("c1", "eth0"), DUAL);
        assertThat(store.allocate(new Attachment("c1", "eth0"), DUAL)).isEqualTo(first);
        assertThat(store.allocate(new Attachment("c1", "net1"), DUAL)).doesNotContainAnyElementsOf(first);
    }

    @Test
    void freedAddressesComeBackOnlyAfterTheRestOfTheRange() {
        AddressStore store = new AddressStore(data, "reseau");
        List<AddressRange> v4 = List.of(DUAL.getFirst());
        InetAddress a = store.allocate(new Attachment("a", "eth0"), v4).getFirst();
        assertThat(store.release(new Attachment("a", "eth0"))).containsExactly(a);
        assertThat(store.allocate(new Attachment("b", "eth0"), v4).getFirst()).isNotEqualTo(a);
        assertThat(store.release(new Attachment("unknown", "eth0"))).isEmpty();
    }

    @Test
    void aFullRangeKeepsNothingOfTheAttemptAndSaysWhatToDo() {
        AddressStore store = new AddressStore(data, "reseau");
        List<AddressRange> tiny = List.of(new AddressRange(Cidr.parse("fd42::/64")), new AddressRange(Cidr.parse("10.42.1.252/30")));
        store.allocate(new Attachment("a", "eth0"), tiny);
        assertThat(store.hasRoom(tiny)).isFalse();
        assertThatThrownBy(() -> store.allocate(new Attachment("b", "eth0"), tiny))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.code()).isEqualTo(CniError.TRY_AGAIN_LATER))
                .hasMessageContaining("no free address left in 10.42.1.252/30").hasMessageContaining("larger pod CIDR");
        assertThat(store.list()).extracting(allocation -> allocation.owner().containerId()).containsOnly("a");
    }

    @Test
    void parallelAllocationsAcrossStoresNeverShareAnAddress() throws Exception {
        List<AddressRange> v4 = List.of(DUAL.getFirst());
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<InetAddress>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Attachment owner = new Attachment("c" + i, "eth0");
                // a store per call, as separate plugin calls would make
                futures.add(pool.submit(() -> new AddressStore(data, "reseau").allocate(owner, v4).getFirst()));
            }
            Set<InetAddress> distinct = new HashSet<>();
            for (Future<InetAddress> future : futures) {
                distinct.add(future.get());
            }
            assertThat(distinct).hasSize(50);
        }
    }
}
