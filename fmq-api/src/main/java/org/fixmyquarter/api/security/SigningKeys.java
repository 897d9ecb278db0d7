package org.fixmyquarter.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fixmyquarter.api.http.JsonBody;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;

/**
 * The RSA key pair the server signs its tokens with. In production it comes from configuration
 * ({@code fmq.auth.private-key}, a PKCS#8 PEM file shared by every server); without it, the server
 * generates a pair on its first start and keeps it in {@code fmq.auth.key-dir}, so tokens survive
 * restarts of a single server.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    private static final String PRIVATE_FILE = "jwt-private.pem";

    private volatile KeyPair pair;
    private volatile String keyId;

    /** @return the private key, for signing */
    public RSAPrivateKey privateKey() {
        return (RSAPrivateKey) pair().getPrivate();
    }

    /** @return the public key, for the key set clients and the server verify with */
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) pair().getPublic();
    }

    /**
     * @return the JSON Web Key Set (RFC 7517) with the public key, for whoever verifies tokens
     */
    public JsonObject jwks() {
        try (JsonReader reader = JsonBody.JSON.createReader(new StringReader(
                new JsonWebKeySet(publicJwk()).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)))) {
            return reader.readObject();
        }
    }

    /** @return the key's id: its RFC 7638 thumbprint, so a new key gets a new id */
    public String keyId() {
        pair();
        return keyId;
    }

    private RsaJsonWebKey publicJwk() {
        RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey());
        jwk.setKeyId(keyId());
        jwk.setUse(Use.SIGNATURE);
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jwk;
    }

    private KeyPair pair() {
        KeyPair current = pair;
        if (current == null) {
            synchronized (this) {
                if (pair == null) {
                    pair = load();
                    keyId = thumbprint((RSAPublicKey) pair.getPublic());
                }
                current = pair;
            }
        }
        return current;
    }

    private static KeyPair load() {
        Config config = ConfigProvider.getConfig();
        Optional<String> configured = config.getOptionalValue("fmq.auth.private-key", String.class);
        try {
            if (configured.isPresent()) {
                return fromPem(Files.readString(Path.of(configured.get()), StandardCharsets.US_ASCII));
            }
            Path dir = Path.of(config.getOptionalValue("fmq.auth.key-dir", String.class).orElse("keys"));
            Path file = dir.resolve(PRIVATE_FILE);
            if (Files.exists(file)) {
                return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair generated = generator.generateKeyPair();
            Files.createDirectories(dir);
            Path temporary = dir.resolve(PRIVATE_FILE + ".tmp");
            Files.writeString(temporary, toPem(generated), StandardCharsets.US_ASCII);
            restrict(temporary);
            // Rename last: another server process starting at the same moment never reads half a key.
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.info(() -> "Generated the token signing key " + file.toAbsolutePath()
                    + "; servers sharing a database must share it: set fmq.auth.private-key");
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the token signing key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token signing key is not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the folder's own permissions apply.
        }
    }

    private static KeyPair fromPem(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        KeyFactory factory = KeyFactory.getInstance("RSA");
        java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey)
                factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return new KeyPair(publicKey, key);
    }

    private static String toPem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** RFC 7638: SHA-256 of the canonical JSON of the public JWK members, base64url. */
    private static String thumbprint(RSAPublicKey key) {
        return new RsaJsonWebKey(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }
}
