package io.scimrouter;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("scim-tenant-router");
    }
}
