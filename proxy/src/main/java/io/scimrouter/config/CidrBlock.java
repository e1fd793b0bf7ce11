package io.scimrouter.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address block in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a
 * block of one). Parsed by hand, never through {@link InetAddress#getByName}, which would accept legacy forms such as
 * {@code 10.1} and ask DNS about anything that is not a literal. An IPv4 address and its IPv4-mapped IPv6 form
 * ({@code ::ffff:10.0.0.1}, as a dual-stack socket may report an IPv4 client) are the same peer to every block.
 */
public final class CidrBlock {
    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * The block {@code text} writes, or empty with nothing said when it is not one; {@link #problem} says why.
     * Host bits set below the prefix ({@code 10.0.0.1/8}) are refused: the author meant something else.
     */
    public static Optional<CidrBlock> parse(String text) {
        return problem(text) == null ? Optional.of(parseValid(text.strip())) : Optional.empty();
    }

    /** Null when {@code text} is a block, else what is wrong with it (for configuration errors). */
    public static String problem(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? parseIpv6(address) : parseIpv4(address);
        if (bytes == null) {
            return "is not an IPv4 or IPv6 address (write 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32)";
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "has no prefix length after '/' (write a number 0.." + bits + ")";
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return "has a prefix length over " + bits;
            }
        }
        if (!Arrays.equals(bytes, masked(bytes, prefix))) {
            return "has address bits set below the /" + prefix + " prefix (write "
                    + new CidrBlock(masked(bytes, prefix), prefix) + ")";
        }
        return null;
    }

    private static CidrBlock parseValid(String s) {
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? parseIpv6(address) : parseIpv4(address);
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
        return new CidrBlock(bytes, prefix);
    }

    /** True when {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        return address != null && contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)}, on the raw 4 or 16 bytes. */
    public boolean contains(byte[] address) {
        byte[] a = address;
        if (address.length == 16 && network.length == 4) {
            a = ipv4Mapped(address);
        } else if (address.length == 4 && network.length == 16) {
            a = new byte[16];
            a[10] = (byte) 0xff;
            a[11] = (byte) 0xff;
            System.arraycopy(address, 0, a, 12, 4);
        }
        if (a == null || a.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The IPv4 address inside {@code ::ffff:a.b.c.d}, or null. */
    private static byte[] ipv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return null;
            }
        }
        if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
            return null;
        }
        return Arrays.copyOfRange(a, 12, 16);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    /** Four decimal octets, 0..255, no leading zeros (010 reads as octal elsewhere). */
    static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0'
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** RFC 4291 section 2.2 text forms: eight groups, one "::", a trailing dotted IPv4; no zone index. */
    static byte[] parseIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        if (gap < 0 && headGroups.length != 8 || gap >= 0 && headGroups.length + tailGroups.length > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            out[2 * i] = (byte) (headGroups[i] >> 8);
            out[2 * i + 1] = (byte) headGroups[i];
        }
        int start = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            out[2 * (start + i)] = (byte) (tailGroups[i] >> 8);
            out[2 * (start + i) + 1] = (byte) tailGroups[i];
        }
        return out;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted IPv4 address (two groups) when {@code last}. */
    private static int[] groups(String s, boolean last) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (last && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (v4 == null) {
                    return null;
                }
                out[n++] = (v4[0] & 0xff) << 8 | v4[1] & 0xff;
                out[n++] = (v4[2] & 0xff) << 8 | v4[3] & 0xff;
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = Character.digit(p.charAt(j), 16);
                if (d < 0) {
                    return null;
                }
                v = v << 4 | d;
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock other && prefixLength == other.prefixLength
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** Dotted IPv4, or eight uncompressed hexadecimal IPv6 groups, then {@code /prefix}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (network.length == 4) {
            for (int i = 0; i < 4; i++) {
                out.append(i > 0 ? "." : "").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                out.append(i > 0 ? ":" : "").append(Integer.toHexString((network[i] & 0xff) << 8
                        | network[i + 1] & 0xff));
            }
        }
        return out.append('/').append(prefixLength).toString();
    }
}
