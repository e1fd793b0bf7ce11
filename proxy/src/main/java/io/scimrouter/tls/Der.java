package io.scimrouter.tls;

import java.io.ByteArrayOutputStream;

/**
 * Just enough DER to wrap the two traditional key formats into PKCS#8, which the JDK's key factories read: read the
 * outer structure of a key, write a SEQUENCE around it. Not a general ASN.1 library.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0] EXPLICIT}: the curve of a SEC1 EC key. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** One element: its tag and where its content lies in {@code source}. */
    record Element(int tag, byte[] source, int start, int length) {
        int end() {
            return start + length;
        }

        byte[] content() {
            byte[] copy = new byte[length];
            System.arraycopy(source, start, copy, 0, length);
            return copy;
        }

        /** The first element inside this one. */
        Element firstChild() throws TlsFileException {
            return read(source, start, end());
        }

        /** The element after {@code child} inside this one, or null after the last. */
        Element nextChild(Element child) throws TlsFileException {
            return child.end() >= end() ? null : read(source, child.end(), end());
        }
    }

    /** The element at {@code offset}, which must end at or before {@code limit}. */
    static Element read(byte[] data, int offset, int limit) throws TlsFileException {
        if (offset + 2 > limit) {
            throw malformed();
        }
        int tag = data[offset] & 0xFF;
        int first = data[offset + 1] & 0xFF;
        int position = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7F;
            if (bytes == 0 || bytes > 3 || position + bytes > limit) {
                throw malformed();
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = length << 8 | data[position++] & 0xFF;
            }
        }
        if (length > limit - position) {
            throw malformed();
        }
        return new Element(tag, data, position, length);
    }

    /** The whole of {@code data} as one element of {@code tag}. */
    static Element readWhole(byte[] data, int tag) throws TlsFileException {
        Element element = read(data, 0, data.length);
        if (element.tag() != tag || element.end() != data.length) {
            throw malformed();
        }
        return element;
    }

    /** An element of {@code tag} whose content is the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static TlsFileException malformed() {
        return new TlsFileException("the key is not well-formed DER");
    }
}
