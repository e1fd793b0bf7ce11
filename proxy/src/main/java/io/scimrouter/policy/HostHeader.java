package io.scimrouter.policy;

/**
 * Validation of the Host header: {@code host[:port]} where host is a DNS name, an IPv4 address or a bracketed IPv6
 * literal. A Host that passes can be written into a URL without changing its meaning.
 */
public final class HostHeader {
    private HostHeader() {
    }

    public static boolean isValid(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return false;
        }
        int portStart;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 3) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            portStart = close + 1;
            if (portStart == host.length()) {
                return true;
            }
            if (host.charAt(portStart) != ':') {
                return false;
            }
        } else {
            portStart = host.indexOf(':');
            int nameEnd = portStart < 0 ? host.length() : portStart;
            if (nameEnd == 0) {
                return false;
            }
            for (int i = 0; i < nameEnd; i++) {
                char c = host.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                        || c == '.' || c == '_';
                if (!ok) {
                    return false;
                }
            }
            if (portStart < 0) {
                return true;
            }
        }
        String port = host.substring(portStart + 1);
        if (port.isEmpty() || port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(port) <= 65535;
    }
}
