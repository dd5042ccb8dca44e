package io.reseau.cni.ipam;

import io.reseau.cni.spec.Attachment;
import io.reseau.cni.spec.CniError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Address allocations on disk, laid out as the reference host-local plugin lays them out: one directory per
 * network, one file per address in use (named by the address, holding the container id and interface name),
 * a {@code last_reserved_ip.<range>} file per range so that addresses are handed out round-robin (a freed
 * address is not reused at once), and a {@code lock} file. Every change happens under the lock, which is held
 * both in this process and on the file (other processes, an agent restarting over the old one).
 */
public final class AddressStore {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final String LAST_RESERVED = "last_reserved_ip.";
    private static final String LOCK = "lock";

    /** An address held by an attachment. */
    public record Allocation(InetAddress address, Attachment owner) {
    }

    private final Path directory;

    public AddressStore(Path dataDir, String network) {
        this.directory = dataDir.resolve("networks").resolve(network);
    }

    /**
     * The attachment's addresses, one per range: those it already holds (a repeated ADD), else new ones. When a
     * range is full, nothing is kept and this throws a try-again-later error that says what to do.
     */
    public List<InetAddress> allocate(Attachment owner, List<AddressRange> ranges) {
        return locked(() -> {
            List<Allocation> held = listUnlocked().stream().filter(a -> a.owner().equals(owner)).toList();
            List<InetAddress> addresses = new ArrayList<>();
            List<Path> created = new ArrayList<>();
            try {
                for (int i = 0; i < ranges.size(); i++) {
                    AddressRange range = ranges.get(i);
                    InetAddress address = held.stream().map(Allocation::address).filter(range.subnet()::contains)
                            .findFirst().orElse(null);
                    if (address == null) {
                        address = reserveNext(range, i, owner);
                        created.add(fileOf(address));
                    }
                    addresses.add(address);
                }
                return addresses;
            } catch (RuntimeException e) {
                created.forEach(AddressStore::deleteQuietly);
                throw e;
            }
        });
    }

    /** Frees what the attachment holds; returns the addresses freed (none for an unknown attachment). */
    public List<InetAddress> release(Attachment owner) {
        return locked(() -> {
            List<InetAddress> freed = new ArrayList<>();
            for (Allocation allocation : listUnlocked()) {
                if (allocation.owner().equals(owner)) {
                    deleteQuietly(fileOf(allocation.address()));
                    freed.add(allocation.address());
                }
            }
            return freed;
        });
    }

    /** Every address in use. */
    public List<Allocation> list() {
        return locked(this::listUnlocked);
    }

    /** Whether every range still has an address to give. */
    public boolean hasRoom(List<AddressRange> ranges) {
        return locked(() -> {
            List<Allocation> used = listUnlocked();
            return ranges.stream().allMatch(range -> BigInteger.valueOf(used.stream()
                    .filter(a -> range.subnet().contains(a.address())).count()).compareTo(range.capacity()) < 0);
        });
    }

    private InetAddress reserveNext(AddressRange range, int rangeIndex, Attachment owner) {
        Path last = directory.resolve(LAST_RESERVED + rangeIndex);
        BigInteger start = readLast(last, range).map(range.subnet()::offsetOf).filter(o -> o.signum() >= 0)
                .map(BigInteger.ONE::add).orElse(range.firstOffset());
        BigInteger capacity = range.capacity();
        BigInteger offset = start;
        for (BigInteger tried = BigInteger.ZERO; tried.compareTo(capacity) < 0; tried = tried.add(BigInteger.ONE)) {
            if (offset.compareTo(range.endOffset()) >= 0 || offset.compareTo(range.firstOffset()) < 0) {
                offset = range.firstOffset();
            }
            InetAddress candidate = range.subnet().at(offset);
            if (create(fileOf(candidate), owner)) {
                write(last, Cidr.format(candidate));
                return candidate;
            }
            offset = offset.add(BigInteger.ONE);
        }
        throw new CniError(CniError.TRY_AGAIN_LATER, "no free address left in " + range.subnet() + " (all "
                + capacity + " are in use): delete pods on this node, or give it a larger pod CIDR");
    }

    private java.util.Optional<InetAddress> readLast(Path last, AddressRange range) {
        try {
            String text = Files.readString(last).strip();
            return java.util.Optional.of(Cidr.literal(text, text)).filter(range.subnet()::contains);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty(); // a torn or foreign file only loses the round-robin position
        }
    }

    private List<Allocation> listUnlocked() {
        List<Allocation> allocations = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return allocations;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.equals(LOCK) || name.startsWith(LAST_RESERVED) || !name.matches("[0-9a-fA-F.:]+")) {
                    continue;
                }
                String[] owner = Files.readString(file).split("\r?\n", 2);
                if (owner.length == 2) {
                    allocations.add(new Allocation(Cidr.literal(name, name), new Attachment(owner[0].strip(), owner[1].strip())));
                }
            }
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read the address allocations in " + directory + ": " + e);
        }
        return allocations;
    }

    private boolean create(Path file, Attachment owner) {
        try {
            Files.writeString(file, owner.containerId() + "\r\n" + owner.ifname(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot record an address allocation in " + file + ": " + e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot free the address recorded in " + file + ": " + e);
        }
    }

    private Path fileOf(InetAddress address) {
        return directory.resolve(Cidr.format(address));
    }

    private <T> T locked(Supplier<T> action) {
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(directory, d -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot lock the address allocations in " + directory + ": " + e);
        } finally {
            lock.unlock();
        }
    }
}
