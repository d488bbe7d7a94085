package io.kubelode.events.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Public keys as OpenSSH 9's ssh-keygen writes them (generated once, the private halves thrown away). */
class SshPublicKeyTest {
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIfADOoemPcsS2/AtZ4vd2rmEAFWVEjqX+wYCVViz60O";
    static final String P256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBN08OCPIIrKn4qHf4T"
            + "nKMn6FU1EB5NWIU3G+3bYHe+RsOe60mGIxEckkx5LdfFrIQDRFBdJ5f99YltV1kBRwwAU=";
    static final String P384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBMcuP4c9iC2PrG5j4f"
            + "DzjOTlQPVFj3o8JA4R9mXsQWOhFabAr6Zr04AEc4MYe55rB2edu2kK35uP7yrx8QsfNS27A2WRC8qYGBhOlndPqogn8TTAPLpxY63jozHwjs7"
            + "sdA==";
    static final String P521 = "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAFWJgsnhMCuHqzI6C"
            + "iELoM5IOEOSMEcMxtZGk0IxKi+09G19paKSx0CnxQ6hN52D3JNRovHJQ8PuDxu5EZa4sr9NgHD++MVG6ykkvxGJHrLdEH7vJnCwJxYC2BoshM"
            + "IXb3QCzARTclceRgKVYkg8asgCdizZMYHOcW4tRWc7wrAij1f9Q==";
    static final String RSA_2048 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQChfj8Oql5lVMjkcdNU+mIDgYVA20iUMgKIOAQJRm+UlYXmr"
            + "pIgStTBpN/tMg07gppbSACvVFHKRswigDnoFVAEN6lMmMP2oGjqkia2yrXPmicLCabL11QKlHH0BCNoV5W0otYVkj2gFiEDrW9QWXyUf/+2LRW"
            + "L5qE/sFuTKTNZ+lGR2JgLVeAyItrRvMvPt0I81/BgZLEHuy/uNyLusCmFuAOHa2uuR6Lk1MM1vzhn93X0QhawYulUogG2tdYL0M/Qyif5qMbiCG"
            + "tfU8zlCDRRt+nd9TRUwuW0estj1jM2rewrCP/KnYowXRgbp5GKM6NkyaKDdBx9G3mvd0ROv4qj";
    static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDDhijq4PeMz+ETVQ8mCoAd1P58nTFjAHpD1yD7N654DwZeP"
            + "ymCPtWrGoiLqKyLf08Ai60RvXUxpfQIAWA2QSEk+lVEdNbPXcIlDfBmcC90yjVo8MqdE8f220nVhJvHnpgmz4ExVHr2tclz7cB/+ia3RoAs4S1"
            + "myDKjxHF4pyV+TQ==";

    @Test
    void acceptsWhatSshKeygenWritesWithItsSizeAndComment() {
        assertThat(SshPublicKey.parse(ED25519 + " me@home")).isEqualTo(new SshPublicKey("ssh-ed25519", 256, "me@home"));
        assertThat(SshPublicKey.parse(P256).bits()).isEqualTo(256);
        assertThat(SshPublicKey.parse(P384).bits()).isEqualTo(384);
        assertThat(SshPublicKey.parse(P521).bits()).isEqualTo(521);
        assertThat(SshPublicKey.parse(RSA_2048 + " a comment with spaces"))
                .isEqualTo(new SshPublicKey("ssh-rsa", 2048, "a comment with spaces"));
        assertThat(SshPublicKey.parse("  " + ED25519 + "\t\n").comment()).isEmpty();
    }

    @Test
    void acceptsSecurityKeys() {
        byte[] ed = key(ED25519);
        byte[] point = Arrays.copyOfRange(key(P256), 4 + 19 + 4 + 8, key(P256).length);
        String skEd = "sk-ssh-ed25519@openssh.com " + base64(wire("sk-ssh-ed25519@openssh.com"),
                Arrays.copyOfRange(ed, ed.length - 36, ed.length), wire("ssh:"));
        String skEcdsa = "sk-ecdsa-sha2-nistp256@openssh.com " + base64(wire("sk-ecdsa-sha2-nistp256@openssh.com"),
                wire("nistp256"), point, wire("ssh:"));
        assertThat(SshPublicKey.parse(skEd + " yubikey").type()).isEqualTo("sk-ssh-ed25519@openssh.com");
        assertThat(SshPublicKey.parse(skEcdsa).bits()).isEqualTo(256);
        assertThatThrownBy(() -> SshPublicKey.parse("sk-ssh-ed25519@openssh.com " + base64(
                wire("sk-ssh-ed25519@openssh.com"), Arrays.copyOfRange(ed, ed.length - 36, ed.length), wire(""))))
                .hasMessageContaining("without an application");
    }

    @Test
    void refusesRsaKeysUnder2048Bits() {
        assertThatThrownBy(() -> SshPublicKey.parse(RSA_1024)).hasMessageContaining("RSA key of 1024 bits")
                .hasMessageContaining("at least 2048");
    }

    @Test
    void refusesKeyDataOfAnotherTypeOrCurve() {
        String ed25519Blob = ED25519.split(" ")[1];
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + ed25519Blob))
                .hasMessage("declares ssh-rsa but its key data is a ssh-ed25519 key");
        assertThatThrownBy(() -> SshPublicKey.parse("ecdsa-sha2-nistp384 " + P256.split(" ")[1]))
                .hasMessageContaining("declares ecdsa-sha2-nistp384");
        byte[] p256 = key(P256);
        String curveMismatch = "ecdsa-sha2-nistp256 " + base64(wire("ecdsa-sha2-nistp256"), wire("nistp384"),
                Arrays.copyOfRange(p256, 4 + 19 + 4 + 8, p256.length));
        assertThatThrownBy(() -> SshPublicKey.parse(curveMismatch)).hasMessageContaining("names the curve 'nistp384'");
    }

    @Test
    void refusesAnEcdsaPointOffItsCurve() {
        byte[] p256 = key(P256);
        p256[p256.length - 1] ^= 1;
        assertThatThrownBy(() -> SshPublicKey.parse("ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(p256)))
                .hasMessageContaining("not on the curve nistp256");
    }

    @Test
    void refusesTruncatedPaddedAndGarbledKeyData() {
        byte[] ed = key(ED25519);
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + Base64.getEncoder()
                .encodeToString(Arrays.copyOf(ed, ed.length - 1)))).hasMessageContaining("ends before the ed25519 key");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + base64(ed, new byte[] {0})))
                .hasMessageContaining("1 stray byte(s)");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + base64(wire("ssh-ed25519"), wire("short"))))
                .hasMessageContaining("ed25519 key of 5 bytes");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 AAAA_not_base64")).hasMessageContaining("not base64");
        // the fixture this project used for years: its 32-byte key is 25 bytes of text
        assertThatThrownBy(() -> SshPublicKey.parse(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx5a2VsbG9kZSBzYW1wbGUga2V5IG9ubHk me@home"))
                .hasMessageContaining("ends before the ed25519 key");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 AAAA")).hasMessageContaining("ends before");
    }

    @Test
    void refusesWhatIsNotOneKeyLine() {
        assertThatThrownBy(() -> SshPublicKey.parse(null)).hasMessage("is empty");
        assertThatThrownBy(() -> SshPublicKey.parse(" ")).hasMessage("is empty");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519")).hasMessageContaining("no key after it");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-dss AAAAB3NzaC1kc3M=")).hasMessageContaining("'ssh-dss'")
                .hasMessageContaining("ssh-ed25519, ecdsa-sha2-nistp256");
        assertThatThrownBy(() -> SshPublicKey.parse("from=\"10.0.0.1\" " + ED25519))
                .hasMessageContaining("options before the key type");
        assertThatThrownBy(() -> SshPublicKey.parse(ED25519 + " a\n" + P256)).hasMessageContaining("line break");
        assertThatThrownBy(() -> SshPublicKey.parse(ED25519 + " " + "x".repeat(SshPublicKey.MAX_LINE)))
                .hasMessageContaining("at most " + SshPublicKey.MAX_LINE);
    }

    private static byte[] key(String line) {
        return Base64.getDecoder().decode(line.split(" ")[1]);
    }

    private static byte[] wire(String s) {
        byte[] text = s.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + text.length).putInt(text.length).put(text).array();
    }

    private static String base64(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
