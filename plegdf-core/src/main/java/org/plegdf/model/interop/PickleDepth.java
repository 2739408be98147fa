package org.plegdf.model.interop;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Measures how deeply an unpickled structure nests, without recursion (a pickle can nest a million
 * lists in a few megabytes, and its memo can make a list contain itself). Code that walks the
 * result afterwards (or prints it) can then rely on a small depth and no cycles.
 */
final class PickleDepth {
    private PickleDepth() {}

    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        final int depth;
        int height = 1; // levels of containers from this one down

        Frame(Object node, int depth) {
            this.node = node;
            this.children = children(node);
            this.depth = depth;
        }
    }

    /**
     * @param root an unpickled object
     * @param maxDepth the deepest nesting allowed
     * @param file the file's name, for the message
     * @throws PlegdfException ({@link ExitCodes#BAD_WEIGHTS}) when it nests deeper or contains itself
     */
    static void check(Object root, int maxDepth, String file) {
        Map<Object, Integer> height = new IdentityHashMap<>(); // of finished nodes; 0 while on the path
        Deque<Frame> path = new ArrayDeque<>();
        path.push(new Frame(root, 1));
        height.put(root, 0);
        while (!path.isEmpty()) {
            Frame f = path.peek();
            if (!f.children.hasNext()) {
                path.pop();
                height.put(f.node, f.height);
                if (!path.isEmpty()) {
                    path.peek().height = Math.max(path.peek().height, f.height + 1);
                }
                continue;
            }
            Object c = f.children.next();
            if (!isContainer(c)) {
                continue;
            }
            Integer h = height.get(c);
            if (h != null && h == 0) {
                throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": the pickle's data contains itself: refused");
            }
            int below = h == null ? 1 : h; // a shared node seen before keeps its height
            if (f.depth + below > maxDepth) {
                throw new PlegdfException(ExitCodes.BAD_WEIGHTS, file + ": the pickle nests containers more than " + maxDepth
                        + " deep: refused (a state_dict nests two or three levels)");
            }
            if (h != null) {
                f.height = Math.max(f.height, h + 1);
                continue;
            }
            height.put(c, 0);
            path.push(new Frame(c, f.depth + 1));
        }
    }

    private static boolean isContainer(Object o) {
        return o instanceof Map || o instanceof List || o instanceof RestrictedUnpickler.Tuple;
    }

    private static Iterator<?> children(Object o) {
        if (o instanceof Map<?, ?> m) {
            return m.values().iterator(); // keys are plain values (the unpickler allows no others)
        }
        if (o instanceof RestrictedUnpickler.Tuple t) {
            return t.items().iterator();
        }
        if (o instanceof Collection<?> c) {
            return c.iterator();
        }
        return Collections.emptyIterator();
    }
}
