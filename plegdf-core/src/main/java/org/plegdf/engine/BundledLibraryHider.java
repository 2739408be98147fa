package org.plegdf.engine;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader that hides the pytorch-native-cpu jar's {@code native/lib/pytorch.properties}
 * and delegates everything else. DJL downloads its CUDA build only when no native-library jar is on
 * the class path; with this loader as the thread's context class loader during engine start-up,
 * the bundled CPU jar is not seen and {@code PYTORCH_FLAVOR=cu128} is fetched into DJL's cache.
 */
public final class BundledLibraryHider extends ClassLoader {
    /** The resource DJL's {@code Platform.detectPlatform} lists to find native-library jars. */
    public static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";

    /** @param parent the loader to delegate to (the current context class loader) */
    public BundledLibraryHider(ClassLoader parent) {
        super(parent);
    }

    @Override
    public URL getResource(String name) {
        return NATIVE_PROPERTIES.equals(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> all = super.getResources(name);
        if (!NATIVE_PROPERTIES.equals(name)) {
            return all;
        }
        List<URL> kept = new ArrayList<>();
        while (all.hasMoreElements()) {
            URL u = all.nextElement();
            if (!u.toString().contains("pytorch-native-")) {
                kept.add(u);
            }
        }
        return Collections.enumeration(kept);
    }
}
