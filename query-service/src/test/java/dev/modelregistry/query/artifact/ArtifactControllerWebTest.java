package dev.modelregistry.query.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.modelregistry.artifact.ArtifactStoreProperties;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.CorruptionReports;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.artifact.local.LocalBlobStore;
import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.QueryServiceConfiguration;
import dev.modelregistry.query.artifact.ArtifactViews.ArtifactView;
import dev.modelregistry.query.artifact.ArtifactViews.FileView;
import dev.modelregistry.query.consistency.ConsistencyGate;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.unit.DataSize;

/**
 * The download endpoints over HTTP (MockMvc) on a real local blob store in a temporary directory;
 * the read model ({@link ArtifactQueries}) is replaced by a mock. Covers the answer headers,
 * conditional and range requests, verification (a corrupted or missing blob is never served and is
 * reported), and that bad digests and hostile paths are refused before anything reaches the store.
 */
@WebMvcTest
@AutoConfigureMockMvc(addFilters = false) // authorization is tested end to end (deploy)
@ContextConfiguration(classes = ArtifactControllerWebTest.Slice.class)
class ArtifactControllerWebTest {

    /** The query module's web beans and the artifact feature, without database and Elasticsearch. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueryProperties.class)
    @ComponentScan(basePackageClasses = QueryServiceConfiguration.class, excludeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = {".*QueryService.*", ".*Test(\\$.*)?", ".*\\.search\\..*",
            ".*\\.audit\\..*", ".*\\.access\\..*", ".*\\.governance\\..*", ".*\\.tracking\\..*", ".*\\.lineage\\..*", ".*\\.model\\..*", ".*\\.support\\..*", ".*\\.ArtifactQueries", ".*\\.ConsistencyGate",
            ".*\\.ProjectionProgress"}))
    static class Slice {

        @Bean
        ArtifactStoreProperties artifactStoreProperties() {
            return new ArtifactStoreProperties(ArtifactStoreProperties.Backend.LOCAL,
                    new ArtifactStoreProperties.Local(null),
                    new ArtifactStoreProperties.Gcs(null, "", null, false, Duration.ofMinutes(5)),
                    DataSize.ofGigabytes(10), DataSize.ofMegabytes(512), true);
        }

        /** The real store, with every call the controller makes recorded. */
        @Bean
        BlobStore blobStore(List<String> storeCalls) {
            return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
                    (proxy, method, args) -> {
                        storeCalls.add(method.getName());
                        if (method.getName().equals("signedUrl") && SIGNED_URL.get() != null) {
                            return Optional.of(SIGNED_URL.get()); // as a GCS store with signed-urls on
                        }
                        try {
                            return method.invoke(STORE, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Bean
        List<String> storeCalls() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        RecordingReports corruptionReports() {
            return new RecordingReports();
        }
    }

    /** The command side's SPI, as a recorder: what the download reported. */
    static final class RecordingReports implements CorruptionReports {
        final List<String> reports = new CopyOnWriteArrayList<>();

        @Override
        public void report(Verification verification, long expectedSize, String detectedBy) {
            reports.add(verification.expected().hex() + " " + (verification.missing() ? "missing" : verification.observed().hex())
                    + " " + expectedSize + " " + detectedBy);
        }
    }

    private static final Instant T = Instant.parse("2026-11-23T05:01:00Z");
    private static final LocalBlobStore STORE;
    private static final java.util.concurrent.atomic.AtomicReference<URI> SIGNED_URL =
            new java.util.concurrent.atomic.AtomicReference<>();

    static {
        try {
            STORE = new LocalBlobStore(Files.createTempDirectory("artifact-web-test"));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Autowired
    MockMvc mvc;

    private final LocalBlobStore store = STORE;

    @Autowired
    List<String> storeCalls;

    @Autowired
    RecordingReports reports;

    @MockitoBean
    ArtifactQueries queries;

    @MockitoBean
    ConsistencyGate gate;

    private byte[] bytes;
    private Sha256 digest;

    @BeforeEach
    void aStoredBlob() throws IOException {
        when(gate.await(any(), anyLong())).thenReturn(42L);
        bytes = new byte[3 * ArtifactDownloads.BUFFER_SIZE / 2 + 17]; // more than one copy buffer
        new Random(7).nextBytes(bytes);
        digest = store.publish(store.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE)).digest();
        when(queries.artifact(digest.hex())).thenReturn(Optional.of(metadata(digest.hex(), "stored")));
        storeCalls.clear();
        reports.reports.clear();
        SIGNED_URL.set(null);
    }

    private ArtifactView metadata(String sha256, String state) {
        return new ArtifactView(sha256, bytes.length, "application/x-onnx", "my model.onnx", state, null, T, "alice",
                null, null, T, "/api/v1/artifacts/" + sha256);
    }

    private Path blobFile(Sha256 digest) {
        return store.root().resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
    }

    @Test
    void aBlobIsStreamedWithItsDigestAsETagAndItsRecordedTypeAndName() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isOk())
                .andExpect(content().bytes(bytes))
                .andExpect(header().string("ETag", "\"" + digest.hex() + "\""))
                .andExpect(header().string("Accept-Ranges", "bytes"))
                .andExpect(header().longValue("Content-Length", bytes.length))
                .andExpect(header().string("Content-Type", "application/x-onnx"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"my model.onnx\"; filename*=UTF-8''my%20model.onnx"))
                .andExpect(header().string("X-Registry-Position", "42"));
        assertThat(storeCalls).containsExactly("stat", "signedUrl", "verify", "open");
    }

    @Test
    void aStoreThatSignsUrlsRedirectsAfterVerifying() throws Exception {
        SIGNED_URL.set(URI.create("https://storage.googleapis.com/bucket/blobs/" + digest.hex() + "?X-Goog-Signature=abc"));
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isTemporaryRedirect())
                .andExpect(header().string("Location", SIGNED_URL.get().toString()))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().bytes(new byte[0]));
        assertThat(storeCalls).containsExactly("stat", "signedUrl", "verify");

        // a corrupted blob is not handed out through a signed URL either
        byte[] tampered = bytes.clone();
        tampered[0] ^= 1;
        Files.write(blobFile(digest), tampered);
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isBadGateway())
                .andExpect(header().doesNotExist("Location"))
                .andExpect(jsonPath("$.code").value("artifact_corrupted"));

        // HEAD is answered here
        mvc.perform(head("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Location"));
    }

    @Test
    void upperCaseHexNamesTheSameBlob() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex().toUpperCase()))
                .andExpect(status().isOk())
                .andExpect(content().bytes(bytes));
    }

    @Test
    void aBlobWithoutRecordedMetadataIsServedAsOctetStreamNamedByItsDigest() throws Exception {
        when(queries.artifact(digest.hex())).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/octet-stream"))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"" + digest.hex() + "\"; filename*=UTF-8''" + digest.hex()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"%s\"", "W/\"%s\"", "*", "\"other\", \"%s\""})
    void aMatchingIfNoneMatchIsNotModifiedWithoutReadingTheBlob(String ifNoneMatch) throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("If-None-Match", ifNoneMatch.formatted(digest.hex())))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"" + digest.hex() + "\""))
                .andExpect(content().bytes(new byte[0]));
        assertThat(storeCalls).containsExactly("stat");
    }

    @Test
    void aRangeIsPartialContentAfterTheWholeBlobWasVerified() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=100-199"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range", "bytes 100-199/" + bytes.length))
                .andExpect(header().longValue("Content-Length", 100))
                .andExpect(content().bytes(java.util.Arrays.copyOfRange(bytes, 100, 200)));
        assertThat(storeCalls).contains("verify");
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=-10"))
                .andExpect(status().isPartialContent())
                .andExpect(header().string("Content-Range",
                        "bytes " + (bytes.length - 10) + "-" + (bytes.length - 1) + "/" + bytes.length))
                .andExpect(content().bytes(java.util.Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length)));
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=" + (bytes.length - 3) + "-"))
                .andExpect(status().isPartialContent())
                .andExpect(content().bytes(java.util.Arrays.copyOfRange(bytes, bytes.length - 3, bytes.length)));
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheSize() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=" + bytes.length + "-"))
                .andExpect(status().isRequestedRangeNotSatisfiable())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(header().string("Content-Range", "bytes */" + bytes.length))
                .andExpect(header().doesNotExist("Content-Disposition"))
                .andExpect(jsonPath("$.code").value("range_not_satisfiable"))
                .andExpect(jsonPath("$.field").value("Range"))
                .andExpect(jsonPath("$.size").value(bytes.length));
        assertThat(storeCalls).containsExactly("stat");
    }

    @Test
    void severalRangesOrAStaleIfRangeGetTheWholeBlob() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=0-1,5-6"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Content-Range"))
                .andExpect(content().bytes(bytes));
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=0-1").header("If-Range", "\"other\""))
                .andExpect(status().isOk())
                .andExpect(content().bytes(bytes));
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()).header("Range", "bytes=0-1")
                        .header("If-Range", "\"" + digest.hex() + "\""))
                .andExpect(status().isPartialContent());
    }

    @Test
    void headAnswersTheHeadersWithoutReadingTheBlob() throws Exception {
        mvc.perform(head("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isOk())
                .andExpect(header().longValue("Content-Length", bytes.length))
                .andExpect(header().string("ETag", "\"" + digest.hex() + "\""))
                .andExpect(content().bytes(new byte[0]));
        assertThat(storeCalls).containsExactly("stat");
    }

    @Test
    void aCorruptedBlobIsNeverServedAndItsCorruptionIsReported() throws Exception {
        byte[] tampered = bytes.clone();
        tampered[12345] ^= 1;
        Files.write(blobFile(digest), tampered);
        for (String range : new String[] {null, "bytes=0-9"}) {
            var request = get("/api/v1/artifacts/" + digest.hex());
            if (range != null) {
                request.header("Range", range);
            }
            mvc.perform(request)
                    .andExpect(status().isBadGateway())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(header().doesNotExist("ETag"))
                    .andExpect(header().doesNotExist("Content-Disposition"))
                    .andExpect(jsonPath("$.code").value("artifact_corrupted"))
                    .andExpect(jsonPath("$.sha256").value(digest.hex()))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(digest.hex())));
        }
        String observed = Sha256.of(java.security.MessageDigest.getInstance("SHA-256").digest(tampered)).hex();
        assertThat(reports.reports).containsExactly(
                digest.hex() + " " + observed + " " + bytes.length + " download",
                digest.hex() + " " + observed + " " + bytes.length + " download");
        assertThat(storeCalls).doesNotContain("open");
    }

    @Test
    void aBlobTheRegistryHoldsButTheStoreLostIsACorruption() throws Exception {
        Files.delete(blobFile(digest));
        mvc.perform(get("/api/v1/artifacts/" + digest.hex()))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.code").value("artifact_corrupted"))
                .andExpect(jsonPath("$.sha256").value(digest.hex()))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("missing")));
        assertThat(reports.reports).containsExactly(digest.hex() + " missing " + bytes.length + " download");
    }

    @Test
    void aBlobTheRegistryNeverHeldOrDeletedIsNotFound() throws Exception {
        String unknown = "0".repeat(64);
        when(queries.artifact(unknown)).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/artifacts/" + unknown))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("artifact_not_found"))
                .andExpect(jsonPath("$.sha256").value(unknown));
        String deleted = "1".repeat(64);
        when(queries.artifact(deleted)).thenReturn(Optional.of(metadata(deleted, "deleted")));
        mvc.perform(get("/api/v1/artifacts/" + deleted))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("artifact_deleted"));
        assertThat(reports.reports).isEmpty();
    }

    @Test
    void aClientThatAcceptsOnlyBytesStillGetsTheProblemAsJson() throws Exception {
        String unknown = "0".repeat(64);
        when(queries.artifact(unknown)).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/artifacts/" + unknown).accept(MediaType.APPLICATION_OCTET_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.code").value("artifact_not_found"));
    }

    @Test
    void aDigestThatIsNotSixtyFourHexDigitsIsRefusedBeforeTheStore() throws Exception {
        for (String bad : new String[] {"abc", "g".repeat(64), "0".repeat(65), "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e", "sha256:" + "0".repeat(57), " " + "0".repeat(63)}) {
            mvc.perform(get(URI.create("/api/v1/artifacts/" + bad.replace(" ", "%20"))))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.code").value("invalid_sha256"))
                    .andExpect(jsonPath("$.field").value("sha256"));
        }
        assertThat(storeCalls).isEmpty();
        verify(queries, never()).artifact(anyString());
    }

    @Test
    void aVersionsFileIsServedByItsPathNamedByItsLastSegment() throws Exception {
        when(queries.file("fraud", 3, "weights/model.onnx", false, null)).thenReturn(new FileView("weights/model.onnx",
                digest.hex(), (long) bytes.length, "/x", "/y"));
        mvc.perform(get("/api/v1/models/fraud/versions/3/artifacts/weights/model.onnx"))
                .andExpect(status().isOk())
                .andExpect(content().bytes(bytes))
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"model.onnx\"; filename*=UTF-8''model.onnx"));
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        when(queries.file("fraud", 3, "models2/model.onnx", false, null)).thenThrow(new QueryException(
                ProblemType.ARTIFACT_PATH_NOT_FOUND, "path", "no file"));
        mvc.perform(get("/api/v1/models/fraud/versions/3/artifacts/models2/model.onnx"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("artifact_path_not_found"))
                .andExpect(jsonPath("$.field").value("path"));
        assertThat(storeCalls).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/%2e%2e/b|dot_segment",
            "..|dot_segment",
            "a/./b|dot_segment",
            "a%5Cb|backslash",
            "a%00b|control_character",
            "a%0Ab|control_character",
            "/etc/passwd|absolute",
            "a//b|empty_segment",
            "dir/|trailing_slash",
            "C:%2Fwindows|drive_letter",
            "e%CC%81.txt|not_normalized",
            "a%E2%80%AEb|format_character",
            "con.txt|reserved"})
    void hostilePathsAreRefusedBeforeTheReadModelOrTheStore(String path, String reason) throws Exception {
        mvc.perform(get(URI.create("/api/v1/models/fraud/versions/3/artifacts/" + path)))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.code").value("invalid_path"))
                .andExpect(jsonPath("$.field").value("path"))
                .andExpect(jsonPath("$.reason").value(reason));
        verify(queries, never()).file(anyString(), anyInt(), anyString(), anyBoolean(), any());
        assertThat(storeCalls).isEmpty();
    }

    @Test
    void aDoubleEncodedPathIsDecodedOnceAndIsThenJustAName() throws Exception {
        when(queries.file("fraud", 3, "%2e%2e/x", false, null)).thenThrow(new QueryException(
                ProblemType.ARTIFACT_PATH_NOT_FOUND, "path", "no file"));
        mvc.perform(get(URI.create("/api/v1/models/fraud/versions/3/artifacts/%252e%252e/x")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("artifact_path_not_found"));
        verify(queries).file("fraud", 3, "%2e%2e/x", false, null);
    }

    @Test
    void anOverlongPathIsRefused() throws Exception {
        mvc.perform(get("/api/v1/models/fraud/versions/3/artifacts/" + "a/".repeat(600) + "b"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("too_long"));
        verify(queries, never()).file(anyString(), anyInt(), anyString(), anyBoolean(), any());
    }

    @Test
    void theFileListHasDownloadLinks() throws Exception {
        when(queries.files("fraud", 3, false, null, 50, null)).thenReturn(new dev.modelregistry.query.web.Page<>(List.of(
                new FileView("a b/model.onnx", digest.hex(), 10L, "/api/v1/models/fraud/versions/3/artifacts/a%20b/model.onnx",
                        "/api/v1/artifacts/" + digest.hex())), null));
        mvc.perform(get("/api/v1/models/fraud/versions/3/artifacts"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].path").value("a b/model.onnx"))
                .andExpect(jsonPath("$.items[0].download_url").value("/api/v1/models/fraud/versions/3/artifacts/a%20b/model.onnx"))
                .andExpect(jsonPath("$.items[0].blob_url").value("/api/v1/artifacts/" + digest.hex()))
                .andExpect(jsonPath("$.next_page_token").doesNotExist());
    }

    @Test
    void metadataIsTheArtifactRow() throws Exception {
        mvc.perform(get("/api/v1/artifacts/" + digest.hex() + "/metadata"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sha256").value(digest.hex()))
                .andExpect(jsonPath("$.media_type").value("application/x-onnx"))
                .andExpect(jsonPath("$.state").value("stored"))
                .andExpect(jsonPath("$.corruption").doesNotExist());
        assertThat(storeCalls).isEmpty();
    }
}
