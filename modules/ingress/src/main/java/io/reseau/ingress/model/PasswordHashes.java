package io.reseau.ingress.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The password hashes of htpasswd files that nginx's {@code auth_basic_user_file} accepts: bcrypt ({@code $2y$},
 * {@code $2a$}, {@code $2b$}), Apache MD5 ({@code $apr1$}, htpasswd's default), MD5-crypt ({@code $1$}),
 * SHA-256/512-crypt ({@code $5$}, {@code $6$}), {@code {SHA}}, {@code {PLAIN}} and traditional DES crypt.
 * bcrypt and the crypt variants are slow on purpose (bcrypt's cost 10: tens of milliseconds).
 */
public final class PasswordHashes {

    private PasswordHashes() {
    }

    /** Whether {@code hash} is in one of the formats above. */
    public static boolean supported(String hash) {
        return scheme(hash) != Scheme.UNKNOWN;
    }

    /** Whether {@code password} matches {@code hash}; false for a hash in no known format. */
    public static boolean matches(String hash, String password) {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        String computed = switch (scheme(hash)) {
            case BCRYPT -> OpenBSDBCrypt.checkPassword(hash, password.toCharArray()) ? hash : null;
            case APR1 -> Md5Crypt.apr1Crypt(key, hash);
            case MD5 -> Md5Crypt.md5Crypt(key, hash);
            case SHA256 -> Sha2Crypt.sha256Crypt(key, hash);
            case SHA512 -> Sha2Crypt.sha512Crypt(key, hash);
            case SHA1 -> "{SHA}" + Base64.getEncoder().encodeToString(sha1(key));
            case PLAIN -> "{PLAIN}" + password;
            case DES -> UnixCrypt.crypt(key, hash);
            case UNKNOWN -> null;
        };
        return computed != null && MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8));
    }

    private enum Scheme { BCRYPT, APR1, MD5, SHA256, SHA512, SHA1, PLAIN, DES, UNKNOWN }

    /** Each format's prefix; DES crypt has none. */
    private static final Map<String, Scheme> PREFIXES = Map.of("$2y$", Scheme.BCRYPT, "$2a$", Scheme.BCRYPT,
            "$2b$", Scheme.BCRYPT, "$apr1$", Scheme.APR1, "$1$", Scheme.MD5, "$5$", Scheme.SHA256, "$6$", Scheme.SHA512,
            "{SHA}", Scheme.SHA1, "{PLAIN}", Scheme.PLAIN);
    private static final int BCRYPT_LENGTH = 60;
    private static final int DES_LENGTH = 13;

    private static Scheme scheme(String hash) {
        for (Map.Entry<String, Scheme> prefix : PREFIXES.entrySet()) {
            if (hash.startsWith(prefix.getKey())) {
                Scheme scheme = prefix.getValue();
                return scheme == Scheme.BCRYPT && hash.length() != BCRYPT_LENGTH ? Scheme.UNKNOWN : scheme;
            }
        }
        return hash.length() == DES_LENGTH && hash.chars().allMatch(PasswordHashes::isCryptCharacter) ? Scheme.DES
                : Scheme.UNKNOWN;
    }

    private static boolean isCryptCharacter(int c) {
        return c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static byte[] sha1(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
