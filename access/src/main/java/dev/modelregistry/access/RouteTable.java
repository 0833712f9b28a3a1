package dev.modelregistry.access;

import java.util.List;

/**
 * The rules of every endpoint one service serves, and the grant store they are checked against. Each
 * service (command side, query side, projections) declares one bean; the filter chain merges them, so
 * one JVM that hosts several services authorizes each endpoint against its own service's grants.
 * Tests compare each table with the service's handler mappings: an endpoint without a rule fails the
 * build.
 */
public interface RouteTable {

    List<RouteRule> rules();

    AccessGrants grants();
}
