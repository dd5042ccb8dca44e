package io.reseau.ingress.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings naming an object: {@code namespace/name}, nothing else. */
class ObjectKeyTest {

    @Test
    void namespaceSlashNameIsTheOnlyForm() {
        assertThat(ObjectKey.parse("default-backend-service", "infra/error-pages"))
                .isEqualTo(new ObjectKey("infra", "error-pages"));
        assertThat(new ObjectKey("infra", "error-pages")).hasToString("infra/error-pages");
        for (String bad : new String[] {"error-pages", "/error-pages", "infra/", "a/b/c", ""}) {
            assertThatThrownBy(() -> ObjectKey.parse("tcp-services-configmap", bad))
                    .hasMessage("tcp-services-configmap must be namespace/name, not '" + bad + "'");
        }
    }
}
