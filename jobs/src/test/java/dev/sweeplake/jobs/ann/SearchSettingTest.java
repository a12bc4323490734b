package dev.sweeplake.jobs.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweeplake.jobs.config.ConfigBinder;
import dev.sweeplake.jobs.config.ConfigException;
import org.junit.jupiter.api.Test;

class SearchSettingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SearchSetting bind(String json) throws Exception {
        return ConfigBinder.bind(JSON.readTree(json), SearchSetting.class, "searches[0]");
    }

    @Test
    void routeRatioDefaultsToOffAndBinds() throws Exception {
        SearchSetting off = bind("{\"nprobe\": 4, \"ef\": 40}");
        assertEquals(0.0, off.routeRatio());
        assertFalse(off.adaptive());
        assertEquals(off, new SearchSetting(4, 40, 8, 64));
        SearchSetting on = bind("{\"nprobe\": 4, \"ef\": 40, \"route_ratio\": 1.2}");
        assertTrue(on.adaptive());
        assertEquals(1.2, on.routeRatio());
        assertTrue(on.describe().endsWith("route_ratio=1.2"), on.describe());
    }

    @Test
    void badRouteRatiosAreRefusedWithTheKeyAndValue() {
        for (String bad : new String[] {"0.5", "-1", "1e13"}) {
            String msg = assertThrows(
                            ConfigException.class,
                            () -> bind("{\"nprobe\": 4, \"ef\": 40, \"route_ratio\": " + bad + "}"))
                    .getMessage();
            assertTrue(msg.contains("searches[0].route_ratio"), msg);
            assertTrue(msg.contains("expected 0 (off) or a number in [1, 1e12], got"), msg);
        }
        String msg = assertThrows(IllegalArgumentException.class, () -> new SearchSetting(2, 40, 8, 0, Double.NaN))
                .getMessage();
        assertEquals("expected 0 (off) or a number in [1, 1e12], got NaN", msg);
    }
}
