package dev.modelregistry.query.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentTest {

    @Test
    void aPlainNameIsQuotedAndEncoded() {
        assertThat(Attachment.contentDisposition("model.pkl", "d"))
                .isEqualTo("attachment; filename=\"model.pkl\"; filename*=UTF-8''model.pkl");
    }

    @Test
    void nonAsciiNamesKeepTheirExactSpellingInFilenameStar() {
        assertThat(Attachment.contentDisposition("modèle €.bin", "d"))
                .isEqualTo("attachment; filename=\"mod_le _.bin\"; filename*=UTF-8''mod%C3%A8le%20%E2%82%AC.bin");
    }

    @Test
    void quotesBackslashesSemicolonsAndLineBreaksCannotEscapeTheHeaderValue() {
        String header = Attachment.contentDisposition("a\"b;c=d\r\nX-Evil: 1.txt", "d");
        assertThat(header).doesNotContain("\r").doesNotContain("\n");
        assertThat(header).isEqualTo("attachment; filename=\"a_b;c=dX-Evil: 1.txt\"; "
                + "filename*=UTF-8''a%22b%3Bc%3DdX-Evil%3A%201.txt");
    }

    @Test
    void onlyTheLastPathPartOfAnUploadersNameIsUsed() {
        assertThat(Attachment.fileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Attachment.fileName("C:\\Users\\me\\model.onnx")).isEqualTo("model.onnx");
    }

    @Test
    void nothingUsableFallsBackToTheDigest() {
        for (String name : new String[] {null, "", "  ", "dir/", "..", "a/.", "\u0000\u202e"}) {
            assertThat(Attachment.contentDisposition(name, "abc")).as("name %s", name)
                    .isEqualTo("attachment; filename=\"abc\"; filename*=UTF-8''abc");
        }
    }
}
