package io.reseau.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceVersionsTest {

    @ParameterizedTest(name = "{0} older than {1}: {2}")
    @CsvSource(nullValues = "null", value = {
            "7, 12, true",
            "12, 12, false",
            "12, 7, false",
            "null, 7, false",
            "7, null, false",
            "abc, 7, false",
    })
    void olderOnlyWhenBothAreCountedAndTheFirstIsSmaller(String copy, String than, boolean older) {
        assertThat(ResourceVersions.older(version(copy), version(than))).isEqualTo(older);
    }

    private static Service version(String resourceVersion) {
        return new ServiceBuilder().withNewMetadata().withName("s").withResourceVersion(resourceVersion).endMetadata()
                .build();
    }
}
