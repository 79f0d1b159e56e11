package dev.fang.training.dataset;

import java.io.IOException;

/**
 * The traditional PKWARE zip encryption ("ZipCrypto"), decryption only, in memory. Malware collections ship
 * encrypted with a well-known password so that nothing scans, opens or runs the samples by accident; this
 * lets Fang read them as data without writing a decrypted copy anywhere.
 */
final class ZipCrypto {
    private static final int HEADER_BYTES = 12;
    private static final int[] CRC_TABLE = crcTable();

    private int key0 = 0x12345678;
    private int key1 = 0x23456789;
    private int key2 = 0x34567890;

    private ZipCrypto(byte[] password) {
        for (byte b : password) {
            updateKeys(b & 0xff);
        }
    }

    /**
     * Decrypts an entry's raw data (12-byte encryption header, then the compressed bytes).
     *
     * @param checkBytes bytes the header may end with: the high byte of the entry's CRC, or of its DOS
     *                   modification time when the entry uses a data descriptor (a wrong password shows here)
     */
    static byte[] decrypt(byte[] raw, byte[] password, int... checkBytes) throws IOException {
        if (raw.length < HEADER_BYTES) {
            throw new IOException("encrypted entry is shorter than its 12-byte encryption header");
        }
        ZipCrypto cipher = new ZipCrypto(password);
        int last = 0;
        for (int i = 0; i < HEADER_BYTES; i++) {
            last = cipher.decryptByte(raw[i] & 0xff);
        }
        int headerEnd = last;
        if (java.util.Arrays.stream(checkBytes).noneMatch(check -> (check & 0xff) == headerEnd)) {
            throw new IOException("wrong password for the encrypted zip entry");
        }
        byte[] plain = new byte[raw.length - HEADER_BYTES];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) cipher.decryptByte(raw[HEADER_BYTES + i] & 0xff);
        }
        return plain;
    }

    private int decryptByte(int cipherByte) {
        int temp = (key2 | 2) & 0xffff;
        int plain = (cipherByte ^ ((temp * (temp ^ 1)) >>> 8)) & 0xff;
        updateKeys(plain);
        return plain;
    }

    private void updateKeys(int plain) {
        key0 = crc32(key0, plain);
        key1 = (key1 + (key0 & 0xff)) * 134775813 + 1;
        key2 = crc32(key2, key1 >>> 24);
    }

    private static int crc32(int crc, int b) {
        return CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
