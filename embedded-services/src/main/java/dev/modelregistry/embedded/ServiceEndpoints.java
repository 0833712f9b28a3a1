package dev.modelregistry.embedded;

import java.util.Objects;

/**
 * Where the three services listen, whoever started them.
 *
 * @param jdbcUrl               JDBC URL of the registry database
 * @param username              database user
 * @param password              database password
 * @param kafkaBootstrapServers Kafka bootstrap servers, host:port[,host:port...]
 * @param elasticsearchUrl      Elasticsearch HTTP base URL, e.g. http://127.0.0.1:9200
 */
public record ServiceEndpoints(String jdbcUrl, String username, String password, String kafkaBootstrapServers,
                               String elasticsearchUrl) {

    public ServiceEndpoints {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(elasticsearchUrl, "elasticsearchUrl");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ServiceEndpoints[jdbcUrl=" + jdbcUrl + ", username=" + username + ", kafkaBootstrapServers="
                + kafkaBootstrapServers + ", elasticsearchUrl=" + elasticsearchUrl + "]";
    }
}
