package dev.modelregistry.command.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Password hashing and the password, username and principal rules. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(10);

    @Test
    void a_hash_names_its_scheme_and_matches_only_its_password() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).startsWith("{bcrypt-sha256}$2a$10$").doesNotContain("correct horse");
        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.hash("correct horse battery staple")).isNotEqualTo(hash);
    }

    @Test
    void every_character_of_a_long_password_counts_even_past_bcrypts_72_bytes() {
        String prefix = "p".repeat(100);
        String hash = hasher.hash(prefix + "A");
        assertThat(hasher.matches(prefix + "A", hash)).isTrue();
        assertThat(hasher.matches(prefix + "B", hash)).isFalse();
        assertThat(hasher.matches("x".repeat(AccessRules.MAX_PASSWORD), hasher.hash("x".repeat(AccessRules.MAX_PASSWORD))))
                .isTrue();
    }

    @Test
    void a_stored_value_of_another_scheme_or_none_matches_nothing() {
        assertThat(hasher.matches("anything-at-all", "$2a$10$plainbcryptwithoutprefix")).isFalse();
        assertThat(hasher.matches("anything-at-all", null)).isFalse();
        assertThat(hasher.matchesNobody("anything-at-all")).isFalse();
    }

    @Test
    void password_rules() {
        assertThat(AccessRules.passwordProblem("eleven-char")).isPresent();
        assertThat(AccessRules.passwordProblem("twelve-chars")).isEmpty();
        assertThat(AccessRules.passwordProblem("ünïcödé-pässwörd")).isEmpty();
        assertThat(AccessRules.passwordProblem("x".repeat(1025))).isPresent();
        assertThat(AccessRules.passwordProblem("tab\tinside-password")).isPresent();
        assertThat(AccessRules.passwordProblem(null)).isPresent();
    }

    @Test
    void username_and_principal_rules() {
        assertThat(AccessRules.usernameProblem("alice.martin")).isEmpty();
        assertThat(AccessRules.usernameProblem("Alice")).isPresent();
        assertThat(AccessRules.usernameProblem("system")).isPresent();
        assertThat(AccessRules.usernameProblem("a".repeat(65))).isPresent();
        assertThat(AccessRules.usernameProblem("../etc")).isPresent();
        assertThat(AccessRules.principalProblem("carol@example.com")).isEmpty();
        assertThat(AccessRules.principalProblem("auth0|12345")).isEmpty();
        assertThat(AccessRules.principalProblem("a b")).isPresent();
        assertThat(AccessRules.principalProblem("a/b")).isPresent();
        assertThat(AccessRules.principalProblem("")).isPresent();
    }
}
